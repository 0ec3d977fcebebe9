using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Backup.Sdk.Storage;

namespace Backup.Sdk.Testing;

/// <summary>
/// A pass-through decorator that counts what is downloaded (whole and ranged reads), per top-level folder of the object
/// name (<c>index</c>, <c>snapshots</c>, <c>data</c>, <c>keys</c>, <c>config</c>, ...), and how many listings ran: to measure
/// what an operation costs against a remote repository, e.g. with and without a local cache.
/// </summary>
public sealed class CountingStorageBackend(IStorageBackend inner) : IStorageBackend, IStorageBackendDecorator
{
    private readonly ConcurrentDictionary<string, Counter> _downloads = new(StringComparer.Ordinal);
    private long _listings;

    /// <inheritdoc/>
    public string Location => inner.Location;

    /// <summary>The backend whose reads are counted.</summary>
    public IStorageBackend Inner => inner;

    /// <summary>How many listings ran.</summary>
    public long Listings => Interlocked.Read(ref _listings);

    /// <summary>Reads (whole or ranged) of objects in <paramref name="folder"/>.</summary>
    /// <param name="folder">The name up to the first <c>/</c>, e.g. <c>index</c>; the whole name for top-level objects.</param>
    public long DownloadsIn(string folder) => _downloads.TryGetValue(folder, out var counter) ? Interlocked.Read(ref counter.Count) : 0;

    /// <summary>Bytes read from objects in <paramref name="folder"/>.</summary>
    /// <param name="folder">The name up to the first <c>/</c>.</param>
    public long BytesIn(string folder) => _downloads.TryGetValue(folder, out var counter) ? Interlocked.Read(ref counter.Bytes) : 0;

    /// <summary>Reads of every object.</summary>
    public long Downloads => _downloads.Values.Sum(c => Interlocked.Read(ref c.Count));

    /// <summary>Bytes read from every object.</summary>
    public long BytesDownloaded => _downloads.Values.Sum(c => Interlocked.Read(ref c.Bytes));

    /// <summary>Forgets the counts.</summary>
    public void Reset()
    {
        _downloads.Clear();
        Interlocked.Exchange(ref _listings, 0);
    }

    /// <inheritdoc/>
    public Task PutAsync(string name, ReadOnlyMemory<byte> content, PutMode mode = PutMode.Overwrite, CancellationToken cancellationToken = default) =>
        inner.PutAsync(name, content, mode, cancellationToken);

    /// <inheritdoc/>
    public Task PutAsync(string name, Stream content, PutMode mode = PutMode.Overwrite, CancellationToken cancellationToken = default) =>
        inner.PutAsync(name, content, mode, cancellationToken);

    /// <inheritdoc/>
    public async Task<byte[]> GetAsync(string name, CancellationToken cancellationToken = default)
    {
        var content = await inner.GetAsync(name, cancellationToken).ConfigureAwait(false);
        Count(name, content.Length);
        return content;
    }

    /// <inheritdoc/>
    public async Task ReadAsync(string name, long offset, Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        await inner.ReadAsync(name, offset, destination, cancellationToken).ConfigureAwait(false);
        Count(name, destination.Length);
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<StorageObjectInfo> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _listings);
        await foreach (var info in inner.ListAsync(prefix, cancellationToken).ConfigureAwait(false))
        {
            yield return info;
        }
    }

    /// <inheritdoc/>
    public Task<StorageObjectInfo?> StatAsync(string name, CancellationToken cancellationToken = default) => inner.StatAsync(name, cancellationToken);

    /// <inheritdoc/>
    public Task DeleteAsync(string name, CancellationToken cancellationToken = default) => inner.DeleteAsync(name, cancellationToken);

    private void Count(string name, long bytes)
    {
        var slash = name.IndexOf('/', StringComparison.Ordinal);
        var counter = _downloads.GetOrAdd(slash < 0 ? name : name[..slash], _ => new Counter());
        Interlocked.Increment(ref counter.Count);
        Interlocked.Add(ref counter.Bytes, bytes);
    }

    private sealed class Counter
    {
#pragma warning disable SA1401 // fields updated with Interlocked
        public long Count;
        public long Bytes;
#pragma warning restore SA1401
    }
}
