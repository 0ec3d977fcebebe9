namespace Backup.Sdk.Storage.Resilience;

/// <summary>
/// A token bucket of bytes on a <see cref="TimeProvider"/>: tokens flow in at <see cref="BytesPerSecond"/> up to one
/// second's worth, and a caller takes tokens for the bytes it moves, waiting while the bucket is in debt. Thread-safe; callers
/// waiting together share the rate.
/// </summary>
public sealed class BandwidthLimiter
{
    /// <summary>How many bytes one reservation takes at most, so that concurrent transfers interleave smoothly.</summary>
    internal const int SliceBytes = 64 * 1024;

    private readonly TimeProvider _timeProvider;
    private readonly Lock _gate = new();
    private readonly double _capacity;
    private double _tokens;
    private long _lastRefill;

    /// <summary>Creates a limiter with a full bucket.</summary>
    /// <param name="bytesPerSecond">The sustained rate; at least 1.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when null.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bytesPerSecond"/> is below 1.</exception>
    public BandwidthLimiter(long bytesPerSecond, TimeProvider? timeProvider = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bytesPerSecond, 1);
        BytesPerSecond = bytesPerSecond;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _capacity = bytesPerSecond;
        _tokens = _capacity;
        _lastRefill = _timeProvider.GetTimestamp();
    }

    /// <summary>The sustained rate in bytes per second.</summary>
    public long BytesPerSecond { get; }

    /// <summary>Takes tokens for <paramref name="bytes"/> bytes, waiting as long as the rate requires.</summary>
    /// <param name="bytes">The bytes about to be (or just) moved; zero or more.</param>
    /// <param name="cancellationToken">Stops waiting; tokens already taken stay taken.</param>
    public async ValueTask AcquireAsync(long bytes, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        while (bytes > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var slice = Math.Min(bytes, SliceBytes);
            bytes -= slice;
            var wait = Reserve(slice);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, _timeProvider, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Takes <paramref name="bytes"/> tokens, possibly into debt, and returns how long until the debt is paid.</summary>
    private TimeSpan Reserve(long bytes)
    {
        lock (_gate)
        {
            var now = _timeProvider.GetTimestamp();
            var elapsed = _timeProvider.GetElapsedTime(_lastRefill, now);
            _lastRefill = now;
            _tokens = Math.Min(_capacity, _tokens + (elapsed.TotalSeconds * BytesPerSecond));
            _tokens -= bytes;
            return _tokens >= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(-_tokens / BytesPerSecond);
        }
    }
}
