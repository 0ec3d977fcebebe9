using Backup.Sdk.Repository.Trees;
using Backup.Sdk.Sources.FileSystem;

namespace Backup.Sdk.Repository.Snapshots;

/// <summary>
/// Compares two snapshots by walking both trees side by side, in raw-name order: subtrees with the same id are equal
/// and skipped without loading them, so the cost follows the size of the change, not of the snapshots.
/// Call <see cref="BlobStore.LoadIndexAsync"/> once after opening the repository, as for any tree read.
/// </summary>
public sealed class SnapshotDiff
{
    private readonly TreeStore _trees;

    /// <summary>Creates the comparer over a repository's trees.</summary>
    /// <param name="trees">The repository's <see cref="BackupRepository.Trees"/>.</param>
    public SnapshotDiff(TreeStore trees)
    {
        ArgumentNullException.ThrowIfNull(trees);
        _trees = trees;
    }

    /// <summary>Lists what changed from <paramref name="older"/> to <paramref name="newer"/>.</summary>
    /// <param name="older">The snapshot to compare from.</param>
    /// <param name="newer">The snapshot to compare to.</param>
    /// <param name="cancellationToken">Cancels the walk.</param>
    /// <returns>The added, removed and modified entries.</returns>
    /// <exception cref="ObjectNotFoundException">A tree is missing from the repository.</exception>
    /// <exception cref="CorruptObjectException">A tree cannot be read.</exception>
    public Task<SnapshotDifferences> CompareAsync(Snapshot older, Snapshot newer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(older);
        ArgumentNullException.ThrowIfNull(newer);
        return CompareAsync(older.Tree, newer.Tree, cancellationToken);
    }

    /// <summary>Lists what changed from the root tree <paramref name="olderTree"/> to <paramref name="newerTree"/>.</summary>
    /// <param name="olderTree">The root tree to compare from.</param>
    /// <param name="newerTree">The root tree to compare to.</param>
    /// <param name="cancellationToken">Cancels the walk.</param>
    /// <returns>The added, removed and modified entries.</returns>
    /// <exception cref="ObjectNotFoundException">A tree is missing from the repository.</exception>
    /// <exception cref="CorruptObjectException">A tree cannot be read.</exception>
    public async Task<SnapshotDifferences> CompareAsync(ContentId olderTree, ContentId newerTree, CancellationToken cancellationToken = default)
    {
        var walk = new Walk(_trees);
        await walk.CompareAsync(olderTree, newerTree, "/"u8.ToArray(), cancellationToken).ConfigureAwait(false);
        return new SnapshotDifferences { Added = walk.Added, Removed = walk.Removed, Modified = walk.Modified, TreesLoaded = walk.TreesLoaded };
    }

    /// <summary>What differs between two nodes of the same type.</summary>
    internal static SnapshotEntryChange Compare(TreeNode older, TreeNode newer)
    {
        var change = SnapshotEntryChange.None;
        if (!SameContent(older, newer))
        {
            change |= SnapshotEntryChange.Content;
        }

        if (older.Mode != newer.Mode
            || older.Uid != newer.Uid
            || older.Gid != newer.Gid
            || !string.Equals(older.User, newer.User, StringComparison.Ordinal)
            || !string.Equals(older.Group, newer.Group, StringComparison.Ordinal)
            || older.ModificationTimeNs != newer.ModificationTimeNs)
        {
            change |= SnapshotEntryChange.Metadata;
        }

        return change;
    }

    private static bool SameContent(TreeNode older, TreeNode newer) => newer.Type switch
    {
        NodeType.File => older.Size == newer.Size
            && SameList(older.Content, newer.Content, nullIsEmpty: true)
            && SameList(older.DataRegions, newer.DataRegions, nullIsEmpty: false),
        NodeType.Symlink => string.Equals(older.LinkTarget, newer.LinkTarget, StringComparison.Ordinal)
            && older.LinkTargetBytes.AsSpan().SequenceEqual(newer.LinkTargetBytes),
        NodeType.BlockDevice or NodeType.CharDevice => older.RDev == newer.RDev,
        _ => true,
    };

    /// <summary>Whether two lists hold the same items; <paramref name="nullIsEmpty"/> for content lists, where none and empty both mean no data.</summary>
    private static bool SameList<T>(IReadOnlyList<T>? older, IReadOnlyList<T>? newer, bool nullIsEmpty)
        where T : IEquatable<T>
    {
        if (older is null || newer is null)
        {
            return nullIsEmpty ? (older?.Count ?? 0) == 0 && (newer?.Count ?? 0) == 0 : older is null && newer is null;
        }

        if (older.Count != newer.Count)
        {
            return false;
        }

        for (var i = 0; i < older.Count; i++)
        {
            if (!older[i].Equals(newer[i]))
            {
                return false;
            }
        }

        return true;
    }

    private sealed class Walk(TreeStore trees)
    {
        public List<SnapshotDiffEntry> Added { get; } = [];

        public List<SnapshotDiffEntry> Removed { get; } = [];

        public List<SnapshotDiffEntry> Modified { get; } = [];

        public int TreesLoaded { get; private set; }

        public async Task CompareAsync(ContentId older, ContentId newer, byte[] path, CancellationToken cancellationToken)
        {
            if (older == newer)
            {
                return;
            }

            var left = await LoadAsync(older, cancellationToken).ConfigureAwait(false);
            var right = await LoadAsync(newer, cancellationToken).ConfigureAwait(false);
            int i = 0, j = 0;
            while (i < left.Count || j < right.Count)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var order = i == left.Count ? 1 : j == right.Count ? -1 : left[i].Name.AsSpan().SequenceCompareTo(right[j].Name);
                if (order < 0)
                {
                    await ListAsync(left[i++], path, Removed, cancellationToken).ConfigureAwait(false);
                }
                else if (order > 0)
                {
                    await ListAsync(right[j++], path, Added, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await CompareNodesAsync(left[i++], right[j++], path, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        private async Task CompareNodesAsync(NamedNode older, NamedNode newer, byte[] path, CancellationToken cancellationToken)
        {
            if (older.Node.Type != newer.Node.Type)
            {
                await ListAsync(older, path, Removed, cancellationToken).ConfigureAwait(false);
                await ListAsync(newer, path, Added, cancellationToken).ConfigureAwait(false);
                return;
            }

            var childPath = UnixPath.Join(path, older.Name);
            var change = Compare(older.Node, newer.Node);
            if (change != SnapshotEntryChange.None)
            {
                Modified.Add(new SnapshotDiffEntry(UnixPath.ToDisplayString(childPath), newer.Node.Type, newer.Node.Size, older.Node.Size, change));
            }

            if (older.Node is { Type: NodeType.Directory, Subtree: { } olderTree } && newer.Node.Subtree is { } newerTree)
            {
                await CompareAsync(olderTree, newerTree, childPath, cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>Lists an entry and, for a directory, everything below it.</summary>
        private async Task ListAsync(NamedNode entry, byte[] path, List<SnapshotDiffEntry> into, CancellationToken cancellationToken)
        {
            var childPath = UnixPath.Join(path, entry.Name);
            into.Add(new SnapshotDiffEntry(UnixPath.ToDisplayString(childPath), entry.Node.Type, entry.Node.Size, null, SnapshotEntryChange.None));
            if (entry.Node is { Type: NodeType.Directory, Subtree: { } subtree })
            {
                foreach (var child in await LoadAsync(subtree, cancellationToken).ConfigureAwait(false))
                {
                    await ListAsync(child, childPath, into, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        private async Task<List<NamedNode>> LoadAsync(ContentId id, CancellationToken cancellationToken)
        {
            var tree = await trees.LoadAsync(id, cancellationToken).ConfigureAwait(false);
            TreesLoaded++;
            var nodes = new List<NamedNode>(tree.Nodes.Count);
            foreach (var node in tree.Nodes)
            {
                nodes.Add(new NamedNode(node.RawName, node));
            }

            return nodes;
        }
    }

    private readonly record struct NamedNode(byte[] Name, TreeNode Node);
}
