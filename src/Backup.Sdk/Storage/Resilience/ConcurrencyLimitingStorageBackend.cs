namespace Backup.Sdk.Storage.Resilience;

/// <summary>
/// Bounds how many puts (uploads) and how many gets and ranged reads (downloads) run at once, each direction with its own
/// semaphore; metadata calls (list, stat, delete) pass through unbounded.
/// </summary>
public sealed class ConcurrencyLimitingStorageBackend : IStorageBackend, ICreatableStorage, IStorageBackendDecorator, IDisposable
{
    private readonly IStorageBackend _inner;
    private readonly SemaphoreSlim? _uploads;
    private readonly SemaphoreSlim? _downloads;

    /// <summary>Wraps <paramref name="inner"/>.</summary>
    /// <param name="inner">The backend that does the work.</param>
    /// <param name="maxConcurrentUploads">Puts at once; null for no limit.</param>
    /// <param name="maxConcurrentDownloads">Gets and reads at once; null for no limit.</param>
    /// <exception cref="ArgumentOutOfRangeException">A limit is below 1.</exception>
    public ConcurrencyLimitingStorageBackend(IStorageBackend inner, int? maxConcurrentUploads, int? maxConcurrentDownloads)
    {
        ArgumentNullException.ThrowIfNull(inner);
        _inner = inner;
        _uploads = Create(maxConcurrentUploads, nameof(maxConcurrentUploads));
        _downloads = Create(maxConcurrentDownloads, nameof(maxConcurrentDownloads));
    }

    /// <summary>The wrapped backend.</summary>
    public IStorageBackend Inner => _inner;

    /// <inheritdoc />
    public string Location => _inner.Location;

    /// <inheritdoc />
    public Task PutAsync(string name, ReadOnlyMemory<byte> content, PutMode mode = PutMode.Overwrite, CancellationToken cancellationToken = default) =>
        RunAsync(_uploads, async token =>
        {
            await _inner.PutAsync(name, content, mode, token).ConfigureAwait(false);
            return true;
        }, cancellationToken);

    /// <inheritdoc />
    public Task PutAsync(string name, Stream content, PutMode mode = PutMode.Overwrite, CancellationToken cancellationToken = default) =>
        RunAsync(_uploads, async token =>
        {
            await _inner.PutAsync(name, content, mode, token).ConfigureAwait(false);
            return true;
        }, cancellationToken);

    /// <inheritdoc />
    public Task<byte[]> GetAsync(string name, CancellationToken cancellationToken = default) =>
        RunAsync(_downloads, token => _inner.GetAsync(name, token), cancellationToken);

    /// <inheritdoc />
    public Task ReadAsync(string name, long offset, Memory<byte> destination, CancellationToken cancellationToken = default) =>
        RunAsync(_downloads, async token =>
        {
            await _inner.ReadAsync(name, offset, destination, token).ConfigureAwait(false);
            return true;
        }, cancellationToken);

    /// <inheritdoc />
    public IAsyncEnumerable<StorageObjectInfo> ListAsync(string prefix, CancellationToken cancellationToken = default) =>
        _inner.ListAsync(prefix, cancellationToken);

    /// <inheritdoc />
    public Task<StorageObjectInfo?> StatAsync(string name, CancellationToken cancellationToken = default) =>
        _inner.StatAsync(name, cancellationToken);

    /// <inheritdoc />
    public Task DeleteAsync(string name, CancellationToken cancellationToken = default) =>
        _inner.DeleteAsync(name, cancellationToken);

    /// <inheritdoc />
    public Task CreateIfMissingAsync(CancellationToken cancellationToken = default) =>
        _inner is ICreatableStorage creatable ? creatable.CreateIfMissingAsync(cancellationToken) : Task.CompletedTask;

    /// <summary>Releases the semaphores (not the inner backend).</summary>
    public void Dispose()
    {
        _uploads?.Dispose();
        _downloads?.Dispose();
    }

    private static SemaphoreSlim? Create(int? limit, string name)
    {
        if (limit is not { } count)
        {
            return null;
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1, name);
        return new SemaphoreSlim(count, count);
    }

    private static async Task<T> RunAsync<T>(SemaphoreSlim? gate, Func<CancellationToken, Task<T>> action, CancellationToken cancellationToken)
    {
        if (gate is null)
        {
            return await action(cancellationToken).ConfigureAwait(false);
        }

        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await action(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }
}
