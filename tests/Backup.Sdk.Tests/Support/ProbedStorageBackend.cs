using Backup.Sdk.Storage;
using Backup.Sdk.Storage.InMemory;

namespace Backup.Sdk.Tests.Support;

/// <summary>
/// In-memory storage with a conditional-write probe whose outcome the test chooses, like an object store that honours,
/// ignores or cannot be probed for conditional writes. It records each probe and what was stored at that moment.
/// </summary>
internal sealed class ProbedStorageBackend(Func<CancellationToken, Task<bool>> probe) : IStorageBackend, IConditionalWriteProbe
{
    private readonly InMemoryStorageBackend _inner = new();
    private int _probes;

    public ProbedStorageBackend(bool honoured)
        : this(_ => Task.FromResult(honoured))
    {
    }

    /// <summary>How often the probe ran.</summary>
    public int Probes => Volatile.Read(ref _probes);

    /// <summary>How many objects were stored when the probe last ran.</summary>
    public int? ObjectsAtLastProbe { get; private set; }

    public string Location => _inner.Location;

    public async Task<bool> DetectConditionalWritesAsync(CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _probes);
        var objects = 0;
        await foreach (var unused in _inner.ListAsync(string.Empty, cancellationToken))
        {
            objects++;
        }

        ObjectsAtLastProbe = objects;
        return await probe(cancellationToken);
    }

    public Task PutAsync(string name, ReadOnlyMemory<byte> content, PutMode mode = PutMode.Overwrite, CancellationToken cancellationToken = default) =>
        _inner.PutAsync(name, content, mode, cancellationToken);

    public Task<byte[]> GetAsync(string name, CancellationToken cancellationToken = default) => _inner.GetAsync(name, cancellationToken);

    public Task ReadAsync(string name, long offset, Memory<byte> destination, CancellationToken cancellationToken = default) =>
        _inner.ReadAsync(name, offset, destination, cancellationToken);

    public IAsyncEnumerable<StorageObjectInfo> ListAsync(string prefix, CancellationToken cancellationToken = default) => _inner.ListAsync(prefix, cancellationToken);

    public Task<StorageObjectInfo?> StatAsync(string name, CancellationToken cancellationToken = default) => _inner.StatAsync(name, cancellationToken);

    public Task DeleteAsync(string name, CancellationToken cancellationToken = default) => _inner.DeleteAsync(name, cancellationToken);
}
