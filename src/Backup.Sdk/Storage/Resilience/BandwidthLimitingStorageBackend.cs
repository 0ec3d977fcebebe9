using System.Runtime.CompilerServices;

namespace Backup.Sdk.Storage.Resilience;

/// <summary>
/// Paces the bytes a backend moves through a <see cref="BandwidthLimiter"/> per direction: a put takes its tokens before it
/// starts, a get after its bytes arrived (its size is known only then), a ranged read before it starts. Objects are paced
/// whole, in 64 KiB slices, so the rate holds over a few objects rather than within one.
/// </summary>
public sealed class BandwidthLimitingStorageBackend : IStorageBackend, ICreatableStorage, IStorageBackendDecorator
{
    private readonly IStorageBackend _inner;
    private readonly BandwidthLimiter? _upload;
    private readonly BandwidthLimiter? _download;

    /// <summary>Wraps <paramref name="inner"/>.</summary>
    /// <param name="inner">The backend that does the work.</param>
    /// <param name="upload">Paces puts; null for no limit.</param>
    /// <param name="download">Paces gets and reads; null for no limit.</param>
    public BandwidthLimitingStorageBackend(IStorageBackend inner, BandwidthLimiter? upload, BandwidthLimiter? download)
    {
        ArgumentNullException.ThrowIfNull(inner);
        _inner = inner;
        _upload = upload;
        _download = download;
    }

    /// <summary>The wrapped backend.</summary>
    public IStorageBackend Inner => _inner;

    /// <inheritdoc />
    public string Location => _inner.Location;

    /// <inheritdoc />
    public async Task PutAsync(string name, ReadOnlyMemory<byte> content, PutMode mode = PutMode.Overwrite, CancellationToken cancellationToken = default)
    {
        if (_upload is not null)
        {
            await _upload.AcquireAsync(content.Length, cancellationToken).ConfigureAwait(false);
        }

        await _inner.PutAsync(name, content, mode, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task PutAsync(string name, Stream content, PutMode mode = PutMode.Overwrite, CancellationToken cancellationToken = default)
    {
        var length = StorageStreams.RemainingLength(content);
        if (_upload is not null)
        {
            await _upload.AcquireAsync(length, cancellationToken).ConfigureAwait(false);
        }

        await _inner.PutAsync(name, content, mode, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<byte[]> GetAsync(string name, CancellationToken cancellationToken = default)
    {
        var content = await _inner.GetAsync(name, cancellationToken).ConfigureAwait(false);
        if (_download is not null)
        {
            await _download.AcquireAsync(content.Length, cancellationToken).ConfigureAwait(false);
        }

        return content;
    }

    /// <inheritdoc />
    public async Task ReadAsync(string name, long offset, Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        if (_download is not null)
        {
            await _download.AcquireAsync(destination.Length, cancellationToken).ConfigureAwait(false);
        }

        await _inner.ReadAsync(name, offset, destination, cancellationToken).ConfigureAwait(false);
    }

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
}
