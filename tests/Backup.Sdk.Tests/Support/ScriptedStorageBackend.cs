using System.Runtime.CompilerServices;
using Backup.Sdk.Storage;

namespace Backup.Sdk.Tests.Support;

/// <summary>
/// A storage decorator whose failures are chosen exactly: puts that fail by name, listings that leave objects out, and a
/// "crash" after a given number of changes (puts and deletes outside <c>locks/</c>), after which every change fails.
/// </summary>
internal sealed class ScriptedStorageBackend(IStorageBackend inner) : IStorageBackend
{
    private int _changes;

    public IStorageBackend Inner => inner;

    public string Location => inner.Location;

    /// <summary>Puts of names this accepts fail with a transient error.</summary>
    public Func<string, bool>? FailPut { get; set; }

    /// <summary>Listings leave out names this accepts (the listing still "completes").</summary>
    public Func<string, bool>? HideFromListing { get; set; }

    /// <summary>Listings of prefixes this accepts fail part-way with a transient error.</summary>
    public Func<string, bool>? FailListing { get; set; }

    /// <summary>After this many changes outside <c>locks/</c>, every further change outside <c>locks/</c> fails.</summary>
    public int? CrashAfterChanges { get; set; }

    /// <summary>Changes outside <c>locks/</c> made so far.</summary>
    public int Changes => Volatile.Read(ref _changes);

    public Task PutAsync(string name, ReadOnlyMemory<byte> content, PutMode mode = PutMode.Overwrite, CancellationToken cancellationToken = default)
    {
        if (FailPut?.Invoke(name) == true)
        {
            throw new StorageUnavailableException($"injected put failure: {name}", isTransient: true);
        }

        Change(name);
        return inner.PutAsync(name, content, mode, cancellationToken);
    }

    public Task<byte[]> GetAsync(string name, CancellationToken cancellationToken = default) => inner.GetAsync(name, cancellationToken);

    public Task ReadAsync(string name, long offset, Memory<byte> destination, CancellationToken cancellationToken = default) =>
        inner.ReadAsync(name, offset, destination, cancellationToken);

    public async IAsyncEnumerable<StorageObjectInfo> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var listed = 0;
        await foreach (var info in inner.ListAsync(prefix, cancellationToken).ConfigureAwait(false))
        {
            if (FailListing?.Invoke(prefix) == true && ++listed > 1)
            {
                throw new StorageUnavailableException($"injected listing failure: {prefix}", isTransient: true);
            }

            if (HideFromListing?.Invoke(info.Name) != true)
            {
                yield return info;
            }
        }
    }

    public Task<StorageObjectInfo?> StatAsync(string name, CancellationToken cancellationToken = default) => inner.StatAsync(name, cancellationToken);

    public Task DeleteAsync(string name, CancellationToken cancellationToken = default)
    {
        Change(name);
        return inner.DeleteAsync(name, cancellationToken);
    }

    private void Change(string name)
    {
        if (name.StartsWith("locks/", StringComparison.Ordinal) || CrashAfterChanges is not { } limit)
        {
            return;
        }

        if (Interlocked.Increment(ref _changes) > limit)
        {
            throw new StorageUnavailableException($"injected crash before: {name}", isTransient: false);
        }
    }
}
