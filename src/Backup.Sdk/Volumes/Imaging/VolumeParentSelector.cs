using Backup.Sdk.Repository;
using Backup.Sdk.Repository.Snapshots;

namespace Backup.Sdk.Volumes.Imaging;

/// <summary>
/// Chooses the parent image of an incremental (or differential) volume backup: the newest image snapshot of the same host
/// and volume path with the same geometry whose volume snapshot still exists and is not newer than the one backed up.
/// Without one, the backup runs full and says why.
/// </summary>
internal static class VolumeParentSelector
{
    public static async Task<Selection> SelectAsync(BackupRepository repository, ISnapshotProvider volume, VolumeBackupOptions options, CancellationToken cancellationToken)
    {
        if (options.Level == BackupLevel.Full)
        {
            return new Selection(BackupLevel.Full, null, null, null, null);
        }

        var level = options.Level ?? BackupLevel.Incremental;
        var path = Path.TrimEndingDirectorySeparator(Path.GetFullPath(options.VolumePath));
        var hostname = options.Hostname ?? Environment.MachineName;
        var geometry = volume.Volume.Geometry;
        var current = FindSequence(volume, options.SnapshotName!) ?? throw new VolumeSnapshotNotFoundException(options.SnapshotName!);
        string? reason = null;
        foreach (var candidate in (await repository.Snapshots.ListAsync(cancellationToken).ConfigureAwait(false)).OrderByDescending(s => s.Time))
        {
            if (candidate.Volume is not { } image || candidate.Hostname != hostname || candidate.Paths.Count != 1 || candidate.Paths[0] != path
                || (level == BackupLevel.Differential && candidate.Level != BackupLevel.Full))
            {
                continue;
            }

            if (image.BlockSize != geometry.BlockSize || image.BlockCount != geometry.BlockCount)
            {
                reason ??= $"the image {candidate.Id.ToShortString()} has another geometry";
                continue;
            }

            if (image.Snapshot is null || FindSequence(volume, image.Snapshot) is not { } sequence || sequence > current)
            {
                reason ??= $"the volume snapshot '{image.Snapshot}' of image {candidate.Id.ToShortString()} no longer exists (or is newer), so changed blocks cannot be tracked";
                continue;
            }

            var root = await repository.Trees.LoadAsync(candidate.Tree, cancellationToken).ConfigureAwait(false);
            var blocks = root.Nodes.Count == 1 ? ImageBlockMap.FromNode(root.Nodes[0], geometry, out _) : null;
            if (blocks is null)
            {
                reason ??= $"the image {candidate.Id.ToShortString()} is not one blob per block";
                continue;
            }

            var changed = volume.GetChangedBlocks(image.Snapshot, options.SnapshotName);
            return new Selection(level, candidate, blocks, changed, null);
        }

        var fallback = options.Level is null ? null : reason ?? "no earlier image of this volume from this host";
        return new Selection(BackupLevel.Full, null, null, null, fallback);
    }

    private static long? FindSequence(ISnapshotProvider volume, string name)
    {
        foreach (var snapshot in volume.ListSnapshots())
        {
            if (snapshot.Name == name)
            {
                return snapshot.Sequence;
            }
        }

        return null;
    }

    /// <summary>The level the backup runs at, the parent and its blocks, the blocks to read, and why it fell back to full.</summary>
    public sealed record Selection(BackupLevel Level, Snapshot? Parent, ContentId[]? ParentBlocks, IReadOnlyList<long>? ChangedBlocks, string? FallbackReason);
}
