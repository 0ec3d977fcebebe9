using System.Collections.Concurrent;
using Backup.Sdk.Repository;
using Backup.Sdk.Repository.Trees;

namespace Backup.Sdk.Copies;

/// <summary>
/// Copies trees and their data blobs from one repository into another. Ids are keyed per repository, so every blob gets
/// its destination id from its plaintext; data chunks are kept as they are (not re-chunked) and trees are rewritten with
/// the destination's ids. A <see cref="CopyHint"/> (a source tree and the destination's earlier copy of it, at the same
/// path) lets unchanged directories and files be mapped without reading them again.
/// </summary>
internal sealed class TreeCopier
{
    private const int DataConcurrency = 4;

    private readonly BackupRepository _source;
    private readonly BackupRepository _destination;
    private readonly ConcurrentDictionary<ContentId, ContentId> _trees = new();
    private readonly ConcurrentDictionary<ContentId, ContentId> _data = new();
    private long _blobsCopied;
    private long _bytesCopied;
    private long _blobsSkipped;
    private long _bytesSkipped;
    private long _reused;

    public TreeCopier(BackupRepository source, BackupRepository destination)
    {
        _source = source;
        _destination = destination;
    }

    public SnapshotCopyProgress Counters(int done, int total) => new()
    {
        SnapshotsDone = done,
        SnapshotsTotal = total,
        BlobsCopied = Interlocked.Read(ref _blobsCopied),
        BytesCopied = Interlocked.Read(ref _bytesCopied),
        BlobsSkipped = Interlocked.Read(ref _blobsSkipped),
        BytesSkipped = Interlocked.Read(ref _bytesSkipped),
        Reused = Interlocked.Read(ref _reused),
    };

    /// <summary>Copies the tree <paramref name="sourceTree"/> and everything below it; returns its id in the destination.</summary>
    public async Task<ContentId> CopyTreeAsync(ContentId sourceTree, CopyHint? hint, Action? treeDone, CancellationToken cancellationToken)
    {
        if (_trees.TryGetValue(sourceTree, out var known))
        {
            return known;
        }

        if (hint is { } h && h.Source == sourceTree)
        {
            Interlocked.Increment(ref _reused);
            _trees[sourceTree] = h.Destination;
            return h.Destination;
        }

        var tree = await _source.Trees.LoadAsync(sourceTree, cancellationToken).ConfigureAwait(false);
        Dictionary<string, (TreeNode Source, TreeNode Destination)>? previous = null;
        if (hint is { } pair)
        {
            previous = await PairNodesAsync(pair, cancellationToken).ConfigureAwait(false);
        }

        var nodes = new List<TreeNode>(tree.Nodes.Count);
        foreach (var node in tree.Nodes)
        {
            cancellationToken.ThrowIfCancellationRequested();
            (TreeNode Source, TreeNode Destination) before = default;
            var hasBefore = previous is not null && previous.TryGetValue(Key(node), out before);
            ContentId? subtree = null;
            if (node.Subtree is { } sub)
            {
                CopyHint? childHint = hasBefore && before.Source!.Subtree is { } ps && before.Destination!.Subtree is { } pd ? new CopyHint(ps, pd) : null;
                subtree = await CopyTreeAsync(sub, childHint, treeDone, cancellationToken).ConfigureAwait(false);
            }

            IReadOnlyList<ContentId>? content = null;
            if (node.Content is { Count: > 0 } chunks)
            {
                if (hasBefore && before.Source!.Content is { } ps && before.Destination!.Content is { } pd && ps.Count == pd.Count)
                {
                    for (var i = 0; i < ps.Count; i++)
                    {
                        _data.TryAdd(ps[i], pd[i]);
                    }
                }

                content = await CopyContentAsync(chunks, cancellationToken).ConfigureAwait(false);
            }

            nodes.Add(NodeRewriter.WithIds(node, content ?? node.Content, subtree));
        }

        var json = TreeStore.Serialize(new Tree { Nodes = nodes });
        var saved = await _destination.Blobs.SaveAsync(BlobType.Tree, json, cancellationToken).ConfigureAwait(false);
        Count(saved, json.Length);
        _trees[sourceTree] = saved.Id;
        treeDone?.Invoke();
        return saved.Id;
    }

    private async Task<Dictionary<string, (TreeNode, TreeNode)>> PairNodesAsync(CopyHint hint, CancellationToken cancellationToken)
    {
        var before = await _source.Trees.LoadAsync(hint.Source, cancellationToken).ConfigureAwait(false);
        var copied = await _destination.Trees.LoadAsync(hint.Destination, cancellationToken).ConfigureAwait(false);
        var copies = new Dictionary<string, TreeNode>(copied.Nodes.Count, StringComparer.Ordinal);
        foreach (var node in copied.Nodes)
        {
            copies[Key(node)] = node;
        }

        var pairs = new Dictionary<string, (TreeNode, TreeNode)>(before.Nodes.Count, StringComparer.Ordinal);
        foreach (var node in before.Nodes)
        {
            if (copies.TryGetValue(Key(node), out var copy) && copy.Type == node.Type)
            {
                pairs[Key(node)] = (node, copy);
            }
        }

        return pairs;
    }

    private async Task<ContentId[]> CopyContentAsync(IReadOnlyList<ContentId> chunks, CancellationToken cancellationToken)
    {
        var mapped = new ContentId[chunks.Count];
        await Parallel.ForAsync(0, chunks.Count, new ParallelOptions { MaxDegreeOfParallelism = DataConcurrency, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            mapped[i] = await CopyDataAsync(chunks[i], ct).ConfigureAwait(false);
        }).ConfigureAwait(false);
        return mapped;
    }

    private async ValueTask<ContentId> CopyDataAsync(ContentId sourceId, CancellationToken cancellationToken)
    {
        if (_data.TryGetValue(sourceId, out var known))
        {
            Interlocked.Increment(ref _reused);
            return known;
        }

        var plain = await _source.Blobs.ReadAsync(BlobType.Data, sourceId, cancellationToken).ConfigureAwait(false);
        var saved = await _destination.Blobs.SaveAsync(BlobType.Data, plain, cancellationToken).ConfigureAwait(false);
        Count(saved, plain.Length);
        _data[sourceId] = saved.Id;
        return saved.Id;
    }

    private void Count(BlobSaveResult saved, long length)
    {
        if (saved.Added)
        {
            Interlocked.Increment(ref _blobsCopied);
            Interlocked.Add(ref _bytesCopied, length);
        }
        else
        {
            Interlocked.Increment(ref _blobsSkipped);
            Interlocked.Add(ref _bytesSkipped, length);
        }
    }

    private static string Key(TreeNode node) => node.Name ?? Convert.ToBase64String(node.RawName);
}

/// <summary>A source tree and the destination's copy of it, at the same path of an earlier snapshot of the same group.</summary>
internal readonly record struct CopyHint(ContentId Source, ContentId Destination);
