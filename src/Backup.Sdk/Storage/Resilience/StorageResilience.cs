using Microsoft.Extensions.Logging;

namespace Backup.Sdk.Storage.Resilience;

/// <summary>Wraps a storage backend in the resilience decorators its options ask for, once.</summary>
public static class StorageResilience
{
    /// <summary>
    /// Returns <paramref name="storage"/> wrapped, from the outside in, in a <see cref="RetryingStorageBackend"/> (always: it
    /// also verifies puts and records metrics), a <see cref="ConcurrencyLimitingStorageBackend"/> when a concurrency limit is
    /// set, and a <see cref="BandwidthLimitingStorageBackend"/> when a bandwidth limit is set. Retries sit outside the limits,
    /// so that a backoff holds no concurrency slot. A backend that is already a <see cref="RetryingStorageBackend"/> is
    /// returned unchanged.
    /// </summary>
    /// <param name="storage">The backend to protect.</param>
    /// <param name="options">What to apply; validated.</param>
    /// <param name="timeProvider">The clock for backoffs, timeouts and bandwidth; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="loggerFactory">Creates the retry logger; none when null.</param>
    /// <returns>The wrapped backend.</returns>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public static IStorageBackend Apply(IStorageBackend storage, StorageResilienceOptions options, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalid();
        if (storage is RetryingStorageBackend)
        {
            return storage;
        }

        timeProvider ??= TimeProvider.System;
        var wrapped = storage;
        if (options.UploadBytesPerSecond is not null || options.DownloadBytesPerSecond is not null)
        {
            wrapped = new BandwidthLimitingStorageBackend(
                wrapped,
                options.UploadBytesPerSecond is { } up ? new BandwidthLimiter(up, timeProvider) : null,
                options.DownloadBytesPerSecond is { } down ? new BandwidthLimiter(down, timeProvider) : null);
        }

        if (options.MaxConcurrentUploads is not null || options.MaxConcurrentDownloads is not null)
        {
            wrapped = new ConcurrencyLimitingStorageBackend(wrapped, options.MaxConcurrentUploads, options.MaxConcurrentDownloads);
        }

        return new RetryingStorageBackend(wrapped, options, timeProvider, loggerFactory?.CreateLogger<RetryingStorageBackend>());
    }
}
