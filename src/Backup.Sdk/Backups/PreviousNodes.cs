using System.Text;
using Backup.Sdk.Repository;
using Backup.Sdk.Repository.Trees;

namespace Backup.Sdk.Backups;

/// <summary>
/// The nodes of the parent's tree for the directory being walked, looked up by raw name as the walk goes through the
/// directory in name order (a merge: trees are stored sorted by raw name, so the cursor only moves forward).
/// </summary>
internal sealed class PreviousNodes
{
    private static readonly PreviousNodes EmptyInstance = new(null, null);
    private readonly IReadOnlyList<TreeNode> _nodes;
    private readonly ContentId? _id;
    private int _cursor;

    public PreviousNodes(Tree? tree, ContentId? id)
    {
        _nodes = tree?.Nodes ?? [];
        _id = tree is null ? null : id;
    }

    public static PreviousNodes Empty => EmptyInstance;

    /// <summary>The node named <paramref name="name"/>; names must be asked for in ascending order.</summary>
    public TreeNode? Find(ReadOnlySpan<byte> name)
    {
        while (_cursor < _nodes.Count)
        {
            var node = _nodes[_cursor];
            var order = CompareName(node, name);
            if (order == 0)
            {
                return node;
            }

            if (order > 0)
            {
                return null;
            }

            _cursor++;
        }

        return null;
    }

    /// <summary>
    /// The id of the parent's tree when <paramref name="nodes"/> are the same nodes, value for value: that tree serializes to
    /// the same bytes, so it is neither serialized, hashed nor looked up again (most directories of an incremental backup).
    /// </summary>
    public bool TryMatch(List<TreeNode> nodes, out ContentId id)
    {
        id = _id.GetValueOrDefault();
        if (_id is null || nodes.Count != _nodes.Count)
        {
            return false;
        }

        for (var i = 0; i < nodes.Count; i++)
        {
            if (!TreeNodes.AreEqual(nodes[i], _nodes[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Compares a node's raw name with <paramref name="name"/> without allocating (one call per file of the walk).</summary>
    private static int CompareName(TreeNode node, ReadOnlySpan<byte> name)
    {
        if (node.NameBytes is { } bytes)
        {
            return bytes.AsSpan().SequenceCompareTo(name);
        }

        var text = node.Name ?? "";
        if (text.Length > 256)
        {
            return node.RawName.AsSpan().SequenceCompareTo(name);
        }

        Span<byte> encoded = stackalloc byte[256 * 3];
        var length = Encoding.UTF8.GetBytes(text, encoded);
        return encoded[..length].SequenceCompareTo(name);
    }
}
