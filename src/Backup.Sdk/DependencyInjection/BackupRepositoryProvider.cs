using Backup.Sdk.Repository;
using Backup.Sdk.Storage;
using Backup.Sdk.Storage.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Backup.Sdk.DependencyInjection;

/// <summary>
/// The default <see cref="IBackupRepositoryProvider"/>: opens once, caches, and disposes the repository with itself. The
/// repository reaches its storage through the resilience decorators of <see cref="BackupSdkOptions.StorageResilience"/>.
/// </summary>
/// <remarks>
/// Logs (<c>ILogger&lt;BackupRepositoryProvider&gt;</c>): 7005 Warning when the store was found to ignore conditional writes
/// (<see cref="ConditionalWriteSupport.Ignored"/>).
/// </remarks>
public sealed partial class BackupRepositoryProvider : IBackupRepositoryProvider, IAsyncDisposable
{
    private readonly IStorageBackend _storage;
    private readonly IOptions<BackupSdkOptions> _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILoggerFactory? _loggerFactory;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private BackupRepository? _repository;
    private bool _disposed;

    /// <summary>Creates the provider.</summary>
    /// <param name="storage">Where the repository lives.</param>
    /// <param name="options">The password (or its source) and the repository options.</param>
    /// <param name="timeProvider">The clock the repository uses.</param>
    /// <param name="loggerFactory">Creates the storage retry logger and this provider's; none when null.</param>
    public BackupRepositoryProvider(IStorageBackend storage, IOptions<BackupSdkOptions> options, TimeProvider timeProvider, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _storage = storage;
        _options = options;
        _timeProvider = timeProvider;
        _loggerFactory = loggerFactory;
    }

    /// <inheritdoc />
    public async Task<BackupRepository> OpenAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (Volatile.Read(ref _repository) is { } cached)
        {
            return cached;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_repository is { } opened)
            {
                return opened;
            }

            var options = _options.Value;
            var password = options.PasswordSource is { } source
                ? await source(cancellationToken).ConfigureAwait(false)
                : options.Password!;
            var storage = StorageResilience.Apply(_storage, options.StorageResilience, _timeProvider, _loggerFactory);
            var repository = await BackupRepository.OpenAsync(storage, password, options.Repository, _timeProvider, cancellationToken).ConfigureAwait(false);
            try
            {
                await repository.Blobs.LoadIndexAsync(cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                await repository.DisposeAsync().ConfigureAwait(false);
                throw;
            }

            if (repository.ConditionalWrites == ConditionalWriteSupport.Ignored && _loggerFactory is not null)
            {
                LogConditionalWritesIgnored(_loggerFactory.CreateLogger<BackupRepositoryProvider>(), repository.Storage.Location);
            }

            Volatile.Write(ref _repository, repository);
            return repository;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Disposes the opened repository, if any (unflushed packs are dropped: flush before shutting down).</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            _disposed = true;
            if (_repository is { } repository)
            {
                _repository = null;
                await repository.DisposeAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
        }

        _gate.Dispose();
    }

    [LoggerMessage(EventId = 7005, Level = LogLevel.Warning, Message = "The store at {Location} accepts a conditional write over an existing object (If-None-Match is ignored): two inits racing from different machines would not be refused; everything else is safe (docs/guides/storage-backends.md)")]
    private static partial void LogConditionalWritesIgnored(ILogger logger, string location);
}
