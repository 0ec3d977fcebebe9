using System.Security.Cryptography;

namespace Backup.Sdk.Repository.Locks;

/// <summary>What an observer concluded about a lock so far.</summary>
internal enum LockState
{
    /// <summary>Not yet watched long enough to tell.</summary>
    Unknown,

    /// <summary>Its content changed while watched, or its process runs on this host: someone holds it.</summary>
    Live,

    /// <summary>Unchanged for the full stale timeout on the observer's clock, or its process on this host is gone.</summary>
    Stale,
}

/// <summary>
/// Watches locks over repeated reads and judges staleness on the observer's own monotonic clock alone: a lock is stale when
/// its bytes stay the same for the stale timeout (the longer of the observer's and the one the holder wrote). No wall clock
/// of any machine takes part, so clock skew between machines changes nothing.
/// </summary>
internal sealed class LockWatch(TimeProvider time, LockOptions options)
{
    private readonly Dictionary<string, (byte[] Hash, long Since, bool Changed)> _seen = new(StringComparer.Ordinal);

    /// <summary>The longest stale timeout seen so far (the holder's may be longer than ours).</summary>
    public TimeSpan LongestStaleTimeout { get; private set; } = options.StaleTimeout;

    /// <summary>How often to look again: often enough to see a holder's refresh within its interval.</summary>
    public TimeSpan PollInterval => options.RefreshInterval / 2;

    /// <param name="info">The lock.</param>
    /// <param name="content">Its bytes as just read.</param>
    /// <param name="localProcessAlive">Whether its process runs on this host (true), is gone from this host (false), or unknown.</param>
    public LockState Observe(LockInfo info, byte[] content, bool? localProcessAlive)
    {
        var holderStale = StaleTimeoutOf(content);
        var timeout = holderStale > options.StaleTimeout ? holderStale : options.StaleTimeout;
        if (timeout > LongestStaleTimeout)
        {
            LongestStaleTimeout = timeout;
        }

        var hash = SHA256.HashData(content);
        var now = time.GetTimestamp();
        if (!_seen.TryGetValue(info.Name, out var seen))
        {
            _seen[info.Name] = (hash, now, false);
            return localProcessAlive switch { true => LockState.Live, false => LockState.Stale, _ => LockState.Unknown };
        }

        if (!hash.AsSpan().SequenceEqual(seen.Hash))
        {
            _seen[info.Name] = (hash, now, true);
            return LockState.Live;
        }

        if (localProcessAlive == false)
        {
            return LockState.Stale;
        }

        if (seen.Changed || localProcessAlive == true)
        {
            // Seen refreshed before: live, unless it has now stopped for the whole timeout.
            return time.GetElapsedTime(seen.Since) >= timeout ? LockState.Stale : LockState.Live;
        }

        return time.GetElapsedTime(seen.Since) >= timeout ? LockState.Stale : LockState.Unknown;
    }

    private static TimeSpan StaleTimeoutOf(byte[] content)
    {
        var document = LockDocument.TryDecode(content);
        return document is null || document.StaleTimeoutMs <= 0 ? TimeSpan.Zero : TimeSpan.FromMilliseconds(Math.Min(document.StaleTimeoutMs, (long)TimeSpan.FromDays(1).TotalMilliseconds));
    }
}
