using Backup.Sdk.Storage;

namespace Backup.Sdk.Tests.Storage.Resilience;

/// <summary>Passes calls through, except that the first <see cref="StallsLeft"/> gets hang until cancelled.</summary>
internal sealed class StallingStorageBackend(IStorageBackend inner) : IStorageBackend
{
    private int _calls;
    private int _stallsLeft;

    public int StallsLeft
    {
        get => _stallsLeft;
        init => _stallsLeft = value;
    }

    public int Calls => Volatile.Read(ref _calls);

    public string Location => inner.Location;

    public async Task<byte[]> GetAsync(string name, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _calls);
        if (Interlocked.Decrement(ref _stallsLeft) >= 0)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        return await inner.GetAsync(name, cancellationToken);
    }

    public Task PutAsync(string name, ReadOnlyMemory<byte> content, PutMode mode = PutMode.Overwrite, CancellationToken cancellationToken = default) =>
        inner.PutAsync(name, content, mode, cancellationToken);

    public Task ReadAsync(string name, long offset, Memory<byte> destination, CancellationToken cancellationToken = default) =>
        inner.ReadAsync(name, offset, destination, cancellationToken);

    public IAsyncEnumerable<StorageObjectInfo> ListAsync(string prefix, CancellationToken cancellationToken = default) => inner.ListAsync(prefix, cancellationToken);

    public Task<StorageObjectInfo?> StatAsync(string name, CancellationToken cancellationToken = default) => inner.StatAsync(name, cancellationToken);

    public Task DeleteAsync(string name, CancellationToken cancellationToken = default) => inner.DeleteAsync(name, cancellationToken);
}
