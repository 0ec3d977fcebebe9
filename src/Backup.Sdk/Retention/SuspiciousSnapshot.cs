using Backup.Sdk.Repository;

namespace Backup.Sdk.Retention;

/// <summary>Why a snapshot's time looks wrong.</summary>
public enum SnapshotTimeSuspicion
{
    /// <summary>The time lies in the future.</summary>
    InFuture,

    /// <summary>The time lies after the moment its record was stored, which a real backup cannot do.</summary>
    AfterStored,

    /// <summary>The time lies longer before the moment its record was stored than a backup runs (backdated, copied or forged).</summary>
    LongBeforeStored,
}

/// <summary>
/// A snapshot whose recorded time is suspicious: a count-based policy trusts snapshot times, so planted snapshots with chosen
/// times can push real ones out (retention poisoning; docs/guides/retention.md).
/// </summary>
/// <param name="Id">The snapshot.</param>
/// <param name="Time">Its recorded time.</param>
/// <param name="StoredAt">When the storage says its record was written, if it tells.</param>
/// <param name="Kind">What is wrong.</param>
/// <param name="Message">A sentence for people.</param>
public sealed record SuspiciousSnapshot(ContentId Id, DateTimeOffset Time, DateTimeOffset? StoredAt, SnapshotTimeSuspicion Kind, string Message);
