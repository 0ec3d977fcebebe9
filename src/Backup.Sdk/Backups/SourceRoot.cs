using Backup.Sdk.Sources.FileSystem;

namespace Backup.Sdk.Backups;

/// <summary>
/// A directory on the way from <c>/</c> to the backed-up paths (docs/format.md, "The root tree"): each path is recreated
/// below the root with its parent directories. Built once from the normalised paths; a path below another one is covered
/// by it and dropped.
/// </summary>
internal sealed class SourceRoot
{
    private readonly List<SourceRoot> _children = [];

    private SourceRoot(byte[] name, string path)
    {
        Name = name;
        Path = path;
        PathBytes = UnixPath.Encode(path);
    }

    /// <summary>The name in the parent (empty for the root).</summary>
    public byte[] Name { get; }

    /// <summary>The absolute path.</summary>
    public string Path { get; }

    public byte[] PathBytes { get; }

    /// <summary>Whether this is a backed-up path (walked whole), rather than a parent of one.</summary>
    public bool IsBackedUp { get; private set; }

    /// <summary>The children in raw-name order.</summary>
    public IReadOnlyList<SourceRoot> Children => _children;

    public static SourceRoot Build(IEnumerable<string> absolutePaths)
    {
        var root = new SourceRoot([], "/");
        foreach (var path in absolutePaths)
        {
            var node = root;
            foreach (var component in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
            {
                if (node.IsBackedUp)
                {
                    break;
                }

                node = node.GetOrAdd(component);
            }

            if (!node.IsBackedUp)
            {
                node.IsBackedUp = true;
                node._children.Clear();
            }
        }

        root.Sort();
        return root;
    }

    private SourceRoot GetOrAdd(string component)
    {
        var name = UnixPath.Encode(component);
        foreach (var child in _children)
        {
            if (child.Name.AsSpan().SequenceEqual(name))
            {
                return child;
            }
        }

        var added = new SourceRoot(name, Path == "/" ? "/" + component : Path + "/" + component);
        _children.Add(added);
        return added;
    }

    private void Sort()
    {
        _children.Sort(static (a, b) => a.Name.AsSpan().SequenceCompareTo(b.Name));
        foreach (var child in _children)
        {
            child.Sort();
        }
    }
}
