using Backup.Sdk.Repository.Snapshots;
using Backup.Sdk.Repository.Trees;
using Backup.Sdk.Sources.FileSystem;

namespace Backup.Sdk.Restore;

/// <summary>Finds the node of one absolute path inside a snapshot, one tree per component.</summary>
internal static class SnapshotPathLookup
{
    /// <summary>The mode given to the root directory, which has no node of its own.</summary>
    private const uint RootMode = 0x41ED;

    /// <summary>
    /// Splits an absolute path inside a snapshot into its components. Empty components are ignored (<c>/a//b</c> is
    /// <c>/a/b</c>); <c>.</c> and <c>..</c> are refused rather than resolved.
    /// </summary>
    /// <exception cref="ArgumentException">The path is not absolute or holds <c>.</c>, <c>..</c> or NUL.</exception>
    public static string[] Split(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (path[0] != '/')
        {
            throw new ArgumentException($"'{path}' is not an absolute path inside the snapshot (it must start with '/').", nameof(path));
        }

        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        foreach (var part in parts)
        {
            if (part is "." or ".." || part.Contains('\0', StringComparison.Ordinal))
            {
                throw new ArgumentException($"'{path}' holds '.', '..' or NUL; give the path as it is stored.", nameof(path));
            }
        }

        return parts;
    }

    /// <summary>The normalized form of a path: <c>/</c> and the components joined by <c>/</c>.</summary>
    public static string Normalize(string path) => "/" + string.Join('/', Split(path));

    /// <summary>Returns the node at <paramref name="path"/>; the root <c>/</c> is a directory node whose subtree is the snapshot's tree.</summary>
    /// <exception cref="SnapshotPathNotFoundException">No such entry.</exception>
    public static Task<TreeNode> FindAsync(TreeStore trees, Snapshot snapshot, string path, CancellationToken cancellationToken) =>
        FindAsync(trees.LoadAsync, snapshot, path, cancellationToken);

    /// <inheritdoc cref="FindAsync(TreeStore, Snapshot, string, CancellationToken)"/>
    public static async Task<TreeNode> FindAsync(Func<Repository.ContentId, CancellationToken, Task<Tree>> loadTree, Snapshot snapshot, string path, CancellationToken cancellationToken)
    {
        var parts = Split(path);
        var node = new TreeNode { Type = NodeType.Directory, Mode = RootMode, Subtree = snapshot.Tree };
        foreach (var part in parts)
        {
            if (node.Type != NodeType.Directory || node.Subtree is not { } subtree)
            {
                throw new SnapshotPathNotFoundException(snapshot.Id.ToString(), path);
            }

            var tree = await loadTree(subtree, cancellationToken).ConfigureAwait(false);
            var name = UnixPath.Encode(part);
            TreeNode? found = null;
            foreach (var child in tree.Nodes)
            {
                if (child.RawName.AsSpan().SequenceEqual(name))
                {
                    found = child; // the first of a name, as a restore does
                    break;
                }
            }

            node = found ?? throw new SnapshotPathNotFoundException(snapshot.Id.ToString(), path);
        }

        return node;
    }
}
