using System.Collections.Concurrent;
using Backup.Sdk.Repository;
using Backup.Sdk.Repository.Trees;

namespace Backup.Sdk.Maintenance;

/// <summary>Marks every blob (trees and data) that some snapshot reaches.</summary>
internal static class ReachableBlobs
{
    /// <exception cref="PruneAbortedException">A snapshot or tree cannot be read: what it references is unknown.</exception>
    public static async Task<(HashSet<ContentId> Used, int Snapshots)> CollectAsync(BackupRepository repository, int maxConcurrency, CancellationToken cancellationToken)
    {
        var ids = new List<ContentId>();
        await foreach (var id in repository.Snapshots.ListIdsAsync(cancellationToken).ConfigureAwait(false))
        {
            ids.Add(id);
        }

        var used = new HashSet<ContentId>();
        var frontier = new List<ContentId>();
        foreach (var id in ids)
        {
            Repository.Snapshots.Snapshot snapshot;
            try
            {
                snapshot = await repository.Snapshots.LoadAsync(id, cancellationToken).ConfigureAwait(false);
            }
            catch (ObjectNotFoundException)
            {
                continue; // Forgotten since the listing: its blobs are free to go.
            }
            catch (Exception ex) when (ex is CorruptObjectException or UnsupportedFormatVersionException or RepositoryMismatchException)
            {
                throw new PruneAbortedException($"snapshot {id} cannot be read, so the blobs it needs are unknown", ex);
            }

            if (used.Add(snapshot.Tree))
            {
                frontier.Add(snapshot.Tree);
            }
        }

        var options = new ParallelOptions { MaxDegreeOfParallelism = maxConcurrency, CancellationToken = cancellationToken };
        while (frontier.Count > 0)
        {
            var children = new ConcurrentBag<ContentId>();
            await Parallel.ForEachAsync(frontier, options, async (treeId, ct) =>
            {
                Tree tree;
                try
                {
                    tree = await repository.Trees.LoadAsync(treeId, ct).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is ObjectNotFoundException or CorruptObjectException)
                {
                    throw new PruneAbortedException($"tree {treeId} cannot be read, so the blobs below it are unknown", ex);
                }

                foreach (var node in tree.Nodes)
                {
                    if (node.Subtree is { } subtree)
                    {
                        children.Add(subtree);
                    }

                    if (node.Content is { } content)
                    {
                        foreach (var blob in content)
                        {
                            children.Add(blob);
                        }
                    }
                }
            }).ConfigureAwait(false);

            frontier = [];
            foreach (var child in children)
            {
                if (used.Add(child) && repository.Blobs.Index.TryGet(child, out var location) && location.Type == BlobType.Tree)
                {
                    frontier.Add(child);
                }
            }
        }

        return (used, ids.Count);
    }
}
