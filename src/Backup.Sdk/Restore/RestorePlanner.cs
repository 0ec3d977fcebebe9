using Backup.Sdk.Repository;
using Backup.Sdk.Repository.Index;
using Backup.Sdk.Repository.Snapshots;
using Backup.Sdk.Repository.Trees;
using Backup.Sdk.Sources.FileSystem;
using Backup.Sdk.Sources.Filtering;

namespace Backup.Sdk.Restore;

/// <summary>
/// Walks a snapshot's trees and makes a <see cref="RestorePlan"/>. Every check that needs only the repository happens here,
/// before anything is written: names must be single components, a name appears once per directory, a directory may not
/// contain itself, depth and size are bounded, and every data blob must be in the index.
/// </summary>
internal sealed class RestorePlanner
{
    private readonly Func<ContentId, CancellationToken, Task<Tree>> _loadTree;
    private readonly BlobIndex _index;
    private readonly RestoreFilter _filter;
    private readonly RestoreOptions _options;
    private readonly List<RestoreEntry> _entries = [];
    private readonly List<RestoreIssue> _refused = [];
    private readonly Dictionary<(ulong Device, ulong Inode), int> _linkPrimaries = [];
    private readonly HashSet<ContentId> _ancestors = [];
    private long _visited;

    public RestorePlanner(Func<ContentId, CancellationToken, Task<Tree>> loadTree, BlobIndex index, RestoreOptions options)
    {
        _loadTree = loadTree;
        _index = index;
        _options = options;
        _filter = options.CreateFilter();
    }

    public async Task<RestorePlan> PlanAsync(Snapshot snapshot, CancellationToken cancellationToken)
    {
        var source = _options.SourcePath is { } given ? SnapshotPathLookup.Normalize(given) : "/";
        var node = await SnapshotPathLookup.FindAsync(_loadTree, snapshot, source, cancellationToken).ConfigureAwait(false);
        var singleEntry = false;
        if (node.Type == NodeType.Directory)
        {
            if (node.Subtree is { } subtree)
            {
                // The directory's contents go into the target; paths stay those inside the snapshot, for filters and reports.
                var tree = await _loadTree(subtree, cancellationToken).ConfigureAwait(false);
                _ancestors.Add(subtree);
                await WalkAsync(tree, UnixPath.Encode(source), 0, -1, cancellationToken).ConfigureAwait(false);
            }
        }
        else
        {
            // One entry, restored as the target itself: its name is the target's last component.
            var name = UnixPath.Encode(Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(_options.Target))));
            if (!UnixPath.IsSingleComponent(name))
            {
                throw new ArgumentException($"To restore the single entry '{source}', the target must name the new entry (a path with a last component), not '{_options.Target}'.");
            }

            singleEntry = true;
            PlanLeaf(node, name, UnixPath.Encode(source), 0, -1);
        }

        return new RestorePlan(snapshot, _entries.ToArray(), _refused.ToArray(), GroupByPack()) { SingleEntry = singleEntry };
    }

    private async Task WalkAsync(Tree tree, byte[] directoryPath, int depth, int parent, CancellationToken cancellationToken)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in tree.Nodes)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var name = node.RawName;
            var path = UnixPath.Join(directoryPath, name);
            if (++_visited > _options.MaxEntries)
            {
                throw new RestorePlanLimitException(_options.MaxEntries, UnixPath.ToDisplayString(path));
            }

            var isDirectory = node.Type == NodeType.Directory;
            if (isDirectory ? !_filter.ShouldDescend(path) : !_filter.IsSelected(path, isDirectory: false))
            {
                continue; // not selected: neither restored nor reported
            }

            if (!UnixPath.IsSingleComponent(name))
            {
                Refuse(path, "the name is not a single path component (empty, '.', '..', or holding '/' or NUL)");
                continue;
            }

            if (!seen.Add(Convert.ToBase64String(name)))
            {
                Refuse(path, "the name appears twice in its directory; only the first entry is restored");
                continue;
            }

            if (isDirectory)
            {
                await PlanDirectoryAsync(node, name, path, depth, parent, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                PlanLeaf(node, name, path, depth, parent);
            }
        }
    }

    private async Task PlanDirectoryAsync(TreeNode node, byte[] name, byte[] path, int depth, int parent, CancellationToken cancellationToken)
    {
        if (depth >= _options.MaxDepth)
        {
            Refuse(path, $"the directory lies deeper than {_options.MaxDepth} levels (RestoreOptions.MaxDepth); it and its contents are not restored");
            return;
        }

        var subtree = node.Subtree;
        if (subtree is { } id && _ancestors.Contains(id))
        {
            Refuse(path, $"the directory contains itself (tree {id.ToShortString()} is also one of its parents); the cycle is not followed");
            return;
        }

        var selected = _filter.IsSelected(path, isDirectory: true);
        var index = _entries.Count;
        _entries.Add(new RestoreEntry(UnixPath.ToDisplayString(path), name, depth, parent, node, RestoreEntryKind.Directory, -1));
        if (subtree is { } treeId)
        {
            var tree = await _loadTree(treeId, cancellationToken).ConfigureAwait(false);
            _ancestors.Add(treeId);
            try
            {
                await WalkAsync(tree, path, depth + 1, index, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _ancestors.Remove(treeId);
            }
        }

        // A directory that is not selected itself is created only as the parent of something that is.
        if (!selected && _entries.Count == index + 1)
        {
            _entries.RemoveAt(index);
        }
    }

    private void PlanLeaf(TreeNode node, byte[] name, byte[] path, int depth, int parent)
    {
        if (depth >= _options.MaxDepth)
        {
            Refuse(path, $"the entry lies deeper than {_options.MaxDepth} levels (RestoreOptions.MaxDepth)");
            return;
        }

        RestoreEntryKind kind;
        var linkTo = -1;
        switch (node.Type)
        {
            case NodeType.File:
                if (_options.SampleFraction < 1 && !IsSampled(path))
                {
                    return; // outside the drill's sample: neither restored nor reported
                }

                kind = RestoreEntryKind.File;
                if (node.Links > 1 && node.Inode != 0)
                {
                    var key = (node.DeviceId, node.Inode);
                    if (_linkPrimaries.TryGetValue(key, out var primary))
                    {
                        kind = RestoreEntryKind.HardLink;
                        linkTo = primary;
                    }
                    else
                    {
                        _linkPrimaries[key] = _entries.Count;
                    }
                }

                break;
            case NodeType.Symlink:
                kind = RestoreEntryKind.Symlink;
                break;
            case NodeType.Fifo:
                kind = RestoreEntryKind.Fifo;
                break;
            case NodeType.BlockDevice or NodeType.CharDevice:
                kind = RestoreEntryKind.Device;
                break;
            case NodeType.Socket:
                Refuse(path, "sockets are not restored (a socket belongs to the program listening on it)");
                return;
            default:
                Refuse(path, $"unknown entry type {node.Type}");
                return;
        }

        _entries.Add(new RestoreEntry(UnixPath.ToDisplayString(path), name, depth, parent, node, kind, linkTo));
    }

    private RestorePackPlan[] GroupByPack()
    {
        var packs = new Dictionary<ContentId, List<(uint Offset, ContentId Blob, uint Length)>>();
        var seen = new HashSet<ContentId>();
        foreach (var entry in _entries)
        {
            if (entry.Kind != RestoreEntryKind.File || entry.Node.Content is not { } content)
            {
                continue;
            }

            foreach (var blob in content)
            {
                if (!seen.Add(blob))
                {
                    continue;
                }

                if (!_index.TryGet(blob, out var location) || location.Type != BlobType.Data)
                {
                    throw new ObjectNotFoundException($"data blob {blob} (content of '{entry.Path}')");
                }

                if (!packs.TryGetValue(location.PackId, out var list))
                {
                    packs[location.PackId] = list = [];
                }

                list.Add((location.Offset, blob, location.Length));
            }
        }

        var result = new RestorePackPlan[packs.Count];
        var i = 0;
        foreach (var (packId, blobs) in packs)
        {
            blobs.Sort((a, b) => a.Offset.CompareTo(b.Offset));
            long bytes = 0;
            var ids = new ContentId[blobs.Count];
            for (var b = 0; b < blobs.Count; b++)
            {
                ids[b] = blobs[b].Blob;
                bytes += blobs[b].Length;
            }

            result[i++] = new RestorePackPlan(packId, ids, bytes);
        }

        return result;
    }

    /// <summary>Whether a file is in the sample: a hash of its path and the seed, compared with the fraction (reproducible).</summary>
    private bool IsSampled(byte[] path)
    {
        var hash = System.IO.Hashing.XxHash64.HashToUInt64(path, _options.SampleSeed);
        return hash < _options.SampleFraction * ulong.MaxValue;
    }

    private void Refuse(byte[] path, string reason) => _refused.Add(new RestoreIssue(UnixPath.ToDisplayString(path), reason));
}
