namespace Backup.Sdk.Storage.Resilience;

/// <summary>Exponential backoff with full jitter: retry <c>n</c> waits a uniform time in [0, min(max, base·2ⁿ⁻¹)).</summary>
internal static class BackoffDelay
{
    /// <summary>The cap of the backoff before retry <paramref name="retry"/> (1 for the first retry).</summary>
    public static TimeSpan Ceiling(int retry, TimeSpan baseDelay, TimeSpan maxDelay)
    {
        // Past 2^30 the cap is reached anyway; stopping the doubling there keeps the arithmetic from overflowing.
        var factor = Math.Pow(2, Math.Min(retry - 1, 30));
        var ticks = Math.Min(maxDelay.Ticks, baseDelay.Ticks * factor);
        return TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>The jittered delay for a uniform draw <paramref name="unit"/> in [0, 1).</summary>
    public static TimeSpan Compute(int retry, TimeSpan baseDelay, TimeSpan maxDelay, double unit) =>
        TimeSpan.FromTicks((long)(Ceiling(retry, baseDelay, maxDelay).Ticks * unit));
}
