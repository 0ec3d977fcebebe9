using Backup.Sdk.Repository;

namespace Backup.Sdk.Validation;

/// <summary>
/// What one restore drill found, stored in the repository (<c>drills/&lt;id&gt;</c>, sealed like a snapshot) so that
/// <c>status</c> can report the last measured recovery time of each group. docs/format.md, "Drill records".
/// </summary>
public sealed class DrillRecord
{
    /// <summary>The format version of the record: 1.</summary>
    public int Version { get; init; } = 1;

    /// <summary>The record's id (the SHA-256 of its stored bytes); set when saved or loaded.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public ContentId Id { get; internal set; }

    /// <summary>When the drill started.</summary>
    public DateTimeOffset Time { get; init; }

    /// <summary>The snapshot restored.</summary>
    public ContentId Snapshot { get; init; }

    /// <summary>The snapshot's host (its group, with <see cref="Paths"/>).</summary>
    public string Hostname { get; init; } = "";

    /// <summary>The snapshot's backed-up paths.</summary>
    public IReadOnlyList<string> Paths { get; init; } = [];

    /// <summary>Whether everything restored matched the snapshot.</summary>
    public bool Passed { get; init; }

    /// <summary>The share of the snapshot's files restored (1 for all).</summary>
    public double Sample { get; init; } = 1;

    /// <summary>The logical bytes of the whole snapshot (from its summary), or null when it has none; with <see cref="Sample"/> it scales a sampled drill's time to the whole.</summary>
    public long? SnapshotBytes { get; init; }

    /// <summary>Files restored and compared.</summary>
    public long Files { get; init; }

    /// <summary>Bytes of content restored and compared.</summary>
    public long Bytes { get; init; }

    /// <summary>The measured recovery time: planning and writing the restore, in seconds (verification not included).</summary>
    public double RestoreSeconds { get; init; }

    /// <summary>Bytes restored per second of <see cref="RestoreSeconds"/>.</summary>
    public double ThroughputBytesPerSecond { get; init; }
}
