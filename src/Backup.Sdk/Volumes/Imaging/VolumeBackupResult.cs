using Backup.Sdk.Repository;
using Backup.Sdk.Repository.Snapshots;

namespace Backup.Sdk.Volumes.Imaging;

/// <summary>The outcome of a <see cref="VolumeBackup"/> run.</summary>
public sealed class VolumeBackupResult
{
    /// <summary>The saved snapshot (its <see cref="Snapshot.Id"/> is set).</summary>
    public required Snapshot Snapshot { get; init; }

    /// <summary>The counters, as stored in the snapshot; <see cref="SnapshotSummary.BytesRead"/> counts the block bytes read.</summary>
    public required SnapshotSummary Summary { get; init; }

    /// <summary>The level the backup ran at.</summary>
    public BackupLevel Level => Snapshot.Level;

    /// <summary>The level asked for; <see langword="null"/> when the engine chose.</summary>
    public BackupLevel? RequestedLevel { get; init; }

    /// <summary>Why an incremental or differential backup that was asked for ran as a full one; otherwise <see langword="null"/>.</summary>
    public string? LevelFallbackReason { get; init; }

    /// <summary>Blocks read from the volume.</summary>
    public long BlocksRead { get; init; }

    /// <summary>Blocks taken from the parent image without reading them.</summary>
    public long BlocksFromParent { get; init; }

    /// <summary>Blocks stored as holes (all zeros).</summary>
    public long ZeroBlocks { get; init; }
}
