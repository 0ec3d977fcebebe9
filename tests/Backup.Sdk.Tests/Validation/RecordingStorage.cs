using System.Collections.Concurrent;
using Backup.Sdk.Storage;

namespace Backup.Sdk.Tests.Validation;

/// <summary>Passes everything to another backend and records which whole objects were read from offset 0 (a data check reads each pack so).</summary>
internal sealed class RecordingStorage(IStorageBackend inner) : IStorageBackend
{
    /// <summary>
    /// Objects read up to their last byte: the data check reads every pack to its end (whole, or piece by piece ending
    /// with the header); tree and blob reads never include a pack's trailing header, and the structure check's header
    /// reads end with the 4-byte trailer alone.
    /// </summary>
    public ConcurrentQueue<string> ReadsToTheEnd { get; } = new();

    private const int TrailerLength = 4;

    public string Location => inner.Location;

    public Task PutAsync(string name, ReadOnlyMemory<byte> content, PutMode mode = PutMode.Overwrite, CancellationToken cancellationToken = default) =>
        inner.PutAsync(name, content, mode, cancellationToken);

    public Task<byte[]> GetAsync(string name, CancellationToken cancellationToken = default) => inner.GetAsync(name, cancellationToken);

    public async Task ReadAsync(string name, long offset, Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        await inner.ReadAsync(name, offset, destination, cancellationToken);
        if (await inner.StatAsync(name, cancellationToken) is { } info && offset + destination.Length == info.Length && destination.Length > TrailerLength)
        {
            ReadsToTheEnd.Enqueue(name);
        }
    }

    public IAsyncEnumerable<StorageObjectInfo> ListAsync(string prefix, CancellationToken cancellationToken = default) => inner.ListAsync(prefix, cancellationToken);

    public Task<StorageObjectInfo?> StatAsync(string name, CancellationToken cancellationToken = default) => inner.StatAsync(name, cancellationToken);

    public Task DeleteAsync(string name, CancellationToken cancellationToken = default) => inner.DeleteAsync(name, cancellationToken);
}
