using System.Collections.Concurrent;
using Backup.Sdk.Storage;

namespace Backup.Sdk.Tests.Validation;

/// <summary>Passes everything to another backend and records which whole objects were read from offset 0 (a data check reads each pack so).</summary>
internal sealed class RecordingStorage(IStorageBackend inner) : IStorageBackend
{
    public ConcurrentQueue<string> WholeReads { get; } = new();

    public string Location => inner.Location;

    public Task PutAsync(string name, ReadOnlyMemory<byte> content, PutMode mode = PutMode.Overwrite, CancellationToken cancellationToken = default) =>
        inner.PutAsync(name, content, mode, cancellationToken);

    public Task<byte[]> GetAsync(string name, CancellationToken cancellationToken = default) => inner.GetAsync(name, cancellationToken);

    public async Task ReadAsync(string name, long offset, Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        await inner.ReadAsync(name, offset, destination, cancellationToken);
        if (offset == 0 && await inner.StatAsync(name, cancellationToken) is { } info && info.Length == destination.Length)
        {
            WholeReads.Enqueue(name);
        }
    }

    public IAsyncEnumerable<StorageObjectInfo> ListAsync(string prefix, CancellationToken cancellationToken = default) => inner.ListAsync(prefix, cancellationToken);

    public Task<StorageObjectInfo?> StatAsync(string name, CancellationToken cancellationToken = default) => inner.StatAsync(name, cancellationToken);

    public Task DeleteAsync(string name, CancellationToken cancellationToken = default) => inner.DeleteAsync(name, cancellationToken);
}
