using Backup.Sdk.Repository;
using Backup.Sdk.Repository.Snapshots;
using Backup.Sdk.Repository.Trees;

namespace Backup.Sdk.Backups;

/// <summary>The level a run takes, the parent it compares with (and that parent's root tree), and why it fell back to full.</summary>
internal sealed record ParentSelection(BackupLevel Level, Snapshot? Parent, Tree? ParentRoot, string? FallbackReason);

/// <summary>
/// Chooses the parent for a level: none for a full backup, the newest snapshot of the same host and path set for an
/// incremental one, the newest full one for a differential one; an explicit parent wins. Without a usable parent an
/// incremental or differential backup becomes full, and the selection says why.
/// </summary>
internal static class ParentSelector
{
    public static async Task<ParentSelection> SelectAsync(BackupRepository repository, FileBackupOptions options, string hostname, IReadOnlyList<string> paths, CancellationToken cancellationToken)
    {
        if (options.Level == BackupLevel.Full)
        {
            return new ParentSelection(BackupLevel.Full, null, null, null);
        }

        var level = options.Level ?? BackupLevel.Incremental;
        Snapshot? parent;
        if (options.Parent is { } id)
        {
            parent = await repository.Snapshots.LoadAsync(id, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            var snapshots = await repository.Snapshots.ListAsync(cancellationToken).ConfigureAwait(false);
            parent = Newest(snapshots, hostname, paths, fullOnly: level == BackupLevel.Differential);
        }

        if (parent is null)
        {
            var what = level == BackupLevel.Differential ? "no full snapshot" : "no snapshot";
            var reason = $"{what} of host '{hostname}' with the same paths to compare with; the backup is full";
            return new ParentSelection(BackupLevel.Full, null, null, options.Level is null ? null : reason);
        }

        try
        {
            var root = await repository.Trees.LoadAsync(parent.Tree, cancellationToken).ConfigureAwait(false);
            return new ParentSelection(level, parent, root, null);
        }
        catch (Exception ex) when (ex is ObjectNotFoundException or CorruptObjectException)
        {
            return new ParentSelection(BackupLevel.Full, null, null, $"the parent snapshot {parent.Id.ToString()[..8]} cannot be read ({ex.Message}); the backup is full");
        }
    }

    /// <summary>The newest snapshot of the host whose path set equals <paramref name="paths"/> (the list is oldest first).</summary>
    private static Snapshot? Newest(IReadOnlyList<Snapshot> snapshots, string hostname, IReadOnlyList<string> paths, bool fullOnly)
    {
        var wanted = new HashSet<string>(paths, StringComparer.Ordinal);
        Snapshot? newest = null;
        foreach (var candidate in snapshots)
        {
            if (string.Equals(candidate.Hostname, hostname, StringComparison.Ordinal)
                && (!fullOnly || candidate.Level == BackupLevel.Full)
                && wanted.SetEquals(candidate.Paths)
                && (newest is null || candidate.Time >= newest.Time))
            {
                newest = candidate;
            }
        }

        return newest;
    }
}
