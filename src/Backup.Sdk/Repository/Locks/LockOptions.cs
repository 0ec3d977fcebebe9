namespace Backup.Sdk.Repository.Locks;

/// <summary>
/// Timings of repository locks (docs/format.md, "Locks"). Staleness is judged by the observer's own monotonic clock, never
/// by comparing clocks across machines: a lock is stale only when its content stayed unchanged for
/// <see cref="StaleTimeout"/> while the observer watched it.
/// </summary>
public sealed class LockOptions
{
    /// <summary>How often a holder rewrites its lock. Default 1 minute.</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a lock must stay unchanged under an observer's eyes before it is stale and may be removed. Default 5 minutes.</summary>
    public TimeSpan StaleTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long after its last successful refresh (on its own monotonic clock) a holder gives up: its work is cancelled and
    /// fails with <see cref="RepositoryLockLostException"/>. At most half of <see cref="StaleTimeout"/>, so that a holder
    /// has stopped well before any observer could take its lock as stale. Default 2 minutes.
    /// </summary>
    public TimeSpan AbortAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// How long an acquirer waits for a live conflicting lock to go away before it fails with
    /// <see cref="RepositoryLockedException"/>. Default zero: fail as soon as the holder is seen alive.
    /// </summary>
    public TimeSpan WaitTimeout { get; set; } = TimeSpan.Zero;

    /// <summary>The host name written into locks; <see langword="null"/> for the machine name.</summary>
    public string? Hostname { get; set; }

    /// <summary>Throws <see cref="ArgumentException"/> when the timings cannot keep the guarantees.</summary>
    public void Validate()
    {
        if (RefreshInterval <= TimeSpan.Zero)
        {
            throw new ArgumentException($"{nameof(RefreshInterval)} must be positive, not {RefreshInterval}.");
        }

        if (AbortAfter <= RefreshInterval)
        {
            throw new ArgumentException($"{nameof(AbortAfter)} ({AbortAfter}) must be longer than {nameof(RefreshInterval)} ({RefreshInterval}), so that one slow refresh does not abort the work.");
        }

        if (StaleTimeout < AbortAfter * 2)
        {
            throw new ArgumentException($"{nameof(StaleTimeout)} ({StaleTimeout}) must be at least twice {nameof(AbortAfter)} ({AbortAfter}), so that a holder stops before an observer can take its lock as stale.");
        }

        if (WaitTimeout < TimeSpan.Zero)
        {
            throw new ArgumentException($"{nameof(WaitTimeout)} must not be negative, not {WaitTimeout}.");
        }
    }
}
