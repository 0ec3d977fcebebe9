namespace Backup.Sdk.Validation;

/// <summary>Whether an objective is met.</summary>
public enum ObjectiveState
{
    /// <summary>No objective is set, or nothing has been measured to judge it by.</summary>
    Unknown,

    /// <summary>Met.</summary>
    Met,

    /// <summary>Missed.</summary>
    Missed,
}

/// <summary>
/// The state of a repository's recovery readiness, in sections: <see cref="Recovery"/> (recovery points and times per group)
/// today; further sections (e.g. copies for 3-2-1 compliance) sit beside it, each with its own state, and
/// <see cref="State"/> is the worst of them.
/// </summary>
public sealed class RecoveryStatusReport
{
    /// <summary>The format version of the JSON form: 1.</summary>
    public int Version { get; init; } = 1;

    /// <summary>When the status was taken.</summary>
    public DateTimeOffset GeneratedAt { get; init; }

    /// <summary>Missed when any section misses an objective; met when every judged objective is met; unknown when nothing is judged.</summary>
    public ObjectiveState State { get; init; }

    /// <summary>The recovery point objective in seconds, or null when unset.</summary>
    public double? RpoSeconds { get; init; }

    /// <summary>The recovery time objective in seconds, or null when unset.</summary>
    public double? RtoSeconds { get; init; }

    /// <summary>Recovery points and times, per group of snapshots.</summary>
    public required RecoverySection Recovery { get; init; }

    /// <summary>3-2-1 compliance of the copies (docs/guides/copy-and-3-2-1.md), or null when no copies are configured.</summary>
    public Copies.CopiesSection? Copies { get; init; }

    /// <summary>The report as one JSON document (camelCase, enums as strings).</summary>
    /// <returns>The JSON text.</returns>
    public string ToJson() => System.Text.Json.JsonSerializer.Serialize(this, ValidationJsonContext.Default.RecoveryStatusReport);
}

/// <summary>The recovery section of a <see cref="RecoveryStatusReport"/>.</summary>
public sealed class RecoverySection
{
    /// <summary>The worst state of the groups.</summary>
    public ObjectiveState State { get; init; }

    /// <summary>One entry per group (host and paths), ordered by host, then paths.</summary>
    public IReadOnlyList<SnapshotGroupStatus> Groups { get; init; } = [];
}

/// <summary>The recovery state of one group of snapshots: the same host and the same backed-up paths.</summary>
public sealed class SnapshotGroupStatus
{
    /// <summary>The group's host.</summary>
    public required string Hostname { get; init; }

    /// <summary>The group's backed-up paths, sorted.</summary>
    public required IReadOnlyList<string> Paths { get; init; }

    /// <summary>The newest snapshot's id (hex).</summary>
    public required string NewestSnapshotId { get; init; }

    /// <summary>When the newest snapshot was taken.</summary>
    public DateTimeOffset NewestSnapshotTime { get; init; }

    /// <summary>Its age when the status was taken, in seconds.</summary>
    public double AgeSeconds { get; init; }

    /// <summary>The logical bytes of the newest snapshot (from its summary), or null when it has none.</summary>
    public long? NewestSnapshotBytes { get; init; }

    /// <summary>Whether the newest snapshot is young enough for the recovery point objective.</summary>
    public ObjectiveState Rpo { get; init; }

    /// <summary>The group's most recent restore drill (of any of its snapshots), or null when none is recorded.</summary>
    public DrillSummary? LastDrill { get; init; }

    /// <summary>
    /// Whether the last drill meets the recovery time objective: it passed, and its measured time (for a full drill) or
    /// the estimate below (for a sampled drill) is within the objective. Missed when the drill failed.
    /// </summary>
    public ObjectiveState Rto { get; init; }

    /// <summary>
    /// The estimated time to restore the newest snapshot: its bytes over the last drill's measured throughput (for a
    /// sampled drill, the drilled snapshot's bytes times the sample per second measured); null without either.
    /// </summary>
    public double? EstimatedRestoreSeconds { get; init; }
}

/// <summary>A recorded drill, as <c>status</c> shows it.</summary>
public sealed class DrillSummary
{
    /// <summary>The drill record's id (hex).</summary>
    public required string RecordId { get; init; }

    /// <summary>The snapshot drilled (hex).</summary>
    public required string SnapshotId { get; init; }

    /// <summary>When the drill ran.</summary>
    public DateTimeOffset Time { get; init; }

    /// <summary>Whether it passed.</summary>
    public bool Passed { get; init; }

    /// <summary>The share of files restored.</summary>
    public double Sample { get; init; }

    /// <summary>The measured recovery time, in seconds.</summary>
    public double RestoreSeconds { get; init; }

    /// <summary>The measured throughput, in bytes per second.</summary>
    public double ThroughputBytesPerSecond { get; init; }
}
