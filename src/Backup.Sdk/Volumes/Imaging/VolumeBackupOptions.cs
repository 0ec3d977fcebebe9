using Backup.Sdk.Repository;

namespace Backup.Sdk.Volumes.Imaging;

/// <summary>What <see cref="VolumeBackup"/> backs up, and how.</summary>
public sealed class VolumeBackupOptions
{
    /// <summary>The volume's path, recorded as the snapshot's path; its file name names the image in the snapshot.</summary>
    public required string VolumePath { get; init; }

    /// <summary>The volume snapshot to back up (required when backing up an <see cref="ISnapshotProvider"/>).</summary>
    public string? SnapshotName { get; init; }

    /// <summary>
    /// <see cref="BackupLevel.Full"/> reads every block; <see cref="BackupLevel.Incremental"/> reads only the blocks changed
    /// since the newest image of the same host and volume (changed-block tracking) and takes the others from it;
    /// <see cref="BackupLevel.Differential"/> likewise against the newest full image. Default: incremental when possible.
    /// </summary>
    public BackupLevel? Level { get; init; }

    /// <summary>The host name to record; this machine's by default.</summary>
    public string? Hostname { get; init; }

    /// <summary>Tags for the snapshot.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>The snapshot time; the start of the run by default.</summary>
    public DateTimeOffset? Time { get; init; }

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrEmpty(VolumePath);
        if (Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(VolumePath))).Length == 0)
        {
            throw new ArgumentException($"The volume path '{VolumePath}' has no file name to name the image.", nameof(VolumePath));
        }
    }
}
