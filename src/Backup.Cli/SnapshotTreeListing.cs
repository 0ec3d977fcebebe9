using Backup.Sdk;
using Backup.Sdk.Repository;
using Backup.Sdk.Repository.Trees;
using Backup.Sdk.Sources.FileSystem;

namespace Backup.Cli;

/// <summary>
/// Walks a snapshot's trees depth first, in stored (byte) order, and hands each entry with its absolute path inside the
/// snapshot to a callback. Paths are built from raw name bytes; names that are not valid UTF-8 are shown with <c>\xNN</c>
/// escapes (<see cref="UnixPath.ToDisplayString"/>). Nodes whose names are not one path component are skipped with a warning,
/// as docs/format.md asks of every reader.
/// </summary>
internal sealed class SnapshotTreeListing
{
    private readonly TreeStore _trees;
    private readonly Action<string> _warn;

    public SnapshotTreeListing(TreeStore trees, Action<string> warn)
    {
        _trees = trees;
        _warn = warn;
    }

    /// <summary>
    /// Lists the entries under <paramref name="path"/> (absolute inside the snapshot, e.g. <c>/data/x</c>; <c>/</c> or
    /// <see langword="null"/> for everything), the entry at <paramref name="path"/> itself first.
    /// </summary>
    /// <exception cref="BackupException">Nothing is at <paramref name="path"/> in the snapshot.</exception>
    public async Task ListAsync(ContentId rootTree, string? path, Action<byte[], TreeNode> emit, CancellationToken cancellationToken)
    {
        var components = (path ?? "/").Split('/', StringSplitOptions.RemoveEmptyEntries);
        var treeId = rootTree;
        var prefix = Array.Empty<byte>();
        for (var i = 0; i < components.Length; i++)
        {
            var name = UnixPath.Encode(components[i]);
            var tree = await _trees.LoadAsync(treeId, cancellationToken).ConfigureAwait(false);
            var node = FindNode(tree, name);
            prefix = UnixPath.Join([.. prefix, (byte)'/'], name);
            if (node is null)
            {
                throw new BackupException($"'{UnixPath.ToDisplayString(prefix)}' is not in the snapshot.");
            }

            if (i == components.Length - 1)
            {
                emit(prefix, node);
                if (node is { Type: NodeType.Directory, Subtree: { } last })
                {
                    await WalkAsync(last, prefix, [], emit, cancellationToken).ConfigureAwait(false);
                }

                return;
            }

            if (node is not { Type: NodeType.Directory, Subtree: { } subtree })
            {
                throw new BackupException($"'{UnixPath.ToDisplayString(prefix)}' in the snapshot is not a directory.");
            }

            treeId = subtree;
        }

        await WalkAsync(rootTree, prefix, [], emit, cancellationToken).ConfigureAwait(false);
    }

    private static TreeNode? FindNode(Tree tree, byte[] name)
    {
        foreach (var node in tree.Nodes)
        {
            if (node.RawName.AsSpan().SequenceEqual(name))
            {
                return node;
            }
        }

        return null;
    }

    private async Task WalkAsync(ContentId treeId, byte[] prefix, HashSet<ContentId> ancestors, Action<byte[], TreeNode> emit, CancellationToken cancellationToken)
    {
        // A damaged or hostile repository could make a directory its own descendant; never loop on it.
        if (!ancestors.Add(treeId))
        {
            throw new CorruptObjectException($"tree blob {treeId}", "a directory contains itself");
        }

        var tree = await _trees.LoadAsync(treeId, cancellationToken).ConfigureAwait(false);
        foreach (var node in tree.Nodes)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var name = node.RawName;
            var path = UnixPath.Join([.. prefix, (byte)'/'], name);
            if (!UnixPath.IsSingleComponent(name))
            {
                _warn($"skipping an entry of '{UnixPath.ToDisplayString(prefix.Length == 0 ? "/"u8 : prefix)}' with an invalid name '{UnixPath.ToDisplayString(name)}' (tree {treeId.ToShortString()})");
                continue;
            }

            emit(path, node);
            if (node is { Type: NodeType.Directory, Subtree: { } subtree })
            {
                await WalkAsync(subtree, path, ancestors, emit, cancellationToken).ConfigureAwait(false);
            }
        }

        ancestors.Remove(treeId);
    }
}
