using System.Collections.Concurrent;
using Backup.Sdk.Repository;
using Backup.Sdk.Repository.Index;
using Backup.Sdk.Repository.Packs;

namespace Backup.Sdk.Maintenance;

/// <summary>Builds a <see cref="PrunePlan"/>: loads the whole index, marks what snapshots reach, lists the packs in storage.</summary>
internal static class PrunePlanner
{
    /// <exception cref="PruneAbortedException">Something needed to decide is missing or unreadable.</exception>
    public static async Task<PrunePlan> PlanAsync(BackupRepository repository, PruneOptions options, CancellationToken cancellationToken)
    {
        var (indexFiles, packs) = await LoadIndexAsync(repository.Blobs, options.MaxConcurrency, cancellationToken).ConfigureAwait(false);

        // The trees are read through exactly this index, not one loaded before the lock was taken.
        repository.Blobs.ResetIndex(packs.Values, indexFiles);
        var (used, snapshots) = await ReachableBlobs.CollectAsync(repository, options.MaxConcurrency, cancellationToken).ConfigureAwait(false);
        foreach (var id in used)
        {
            if (!repository.Blobs.Index.Contains(id))
            {
                throw new PruneAbortedException($"blob {id} is referenced by a snapshot and listed by no index");
            }
        }

        var stored = await ListPacksAsync(repository, cancellationToken).ConfigureAwait(false);
        var missing = packs.Keys.Where(id => !stored.ContainsKey(id)).ToList();
        if (missing.Count > 0)
        {
            // Either the pack is gone (damage) or the listing left it out; in both cases the listing cannot be trusted to
            // say what is unused.
            throw new PruneAbortedException($"the listing of data/ lacks {missing.Count} pack(s) that the index lists (first: {PackLayout.NameOf(missing[0])})");
        }

        return Build(indexFiles, packs, used, stored, snapshots, options.MaxUnusedPercent);
    }

    internal static PrunePlan Build(IReadOnlyList<ContentId> indexFiles, IReadOnlyDictionary<ContentId, IndexedPack> packs, HashSet<ContentId> used, IReadOnlyDictionary<ContentId, long> stored, int snapshots, double maxUnusedPercent)
    {
        // Packs that are mostly used claim their blobs first, so that a blob stored twice is kept where its pack stays.
        var ordered = new List<(IndexedPack Pack, double UsedShare)>(packs.Count);
        foreach (var pack in packs.Values)
        {
            var usedCount = 0;
            foreach (var blob in pack.Blobs)
            {
                usedCount += used.Contains(blob.Id) ? 1 : 0;
            }

            ordered.Add((pack, pack.Blobs.Count == 0 ? 0 : (double)usedCount / pack.Blobs.Count));
        }

        ordered.Sort(static (x, y) => y.UsedShare != x.UsedShare ? y.UsedShare.CompareTo(x.UsedShare) : x.Pack.Id.CompareTo(y.Pack.Id));

        var claimed = new HashSet<ContentId>();
        var kept = new List<IndexedPack>();
        var unused = new List<PackToDelete>();
        var partial = new List<(RepackItem Item, long UnusedBytes)>();
        long usedBytes = 0;
        foreach (var (pack, _) in ordered)
        {
            var keep = new List<PackBlobEntry>();
            long packUsed = 0, packUnused = 0;
            foreach (var blob in pack.Blobs)
            {
                if (used.Contains(blob.Id) && claimed.Add(blob.Id))
                {
                    keep.Add(blob);
                    packUsed += blob.Length;
                }
                else
                {
                    packUnused += blob.Length;
                }
            }

            var length = stored[pack.Id];
            if (keep.Count == 0)
            {
                unused.Add(new PackToDelete(pack.Id, length, pack.Blobs.Count));
                continue;
            }

            usedBytes += packUsed;
            if (keep.Count == pack.Blobs.Count)
            {
                kept.Add(pack);
            }
            else
            {
                partial.Add((new RepackItem(pack, length, keep), packUnused));
            }
        }

        // Repack the most wasteful packs (unused bytes per used byte to copy) until what stays unused is within the
        // allowed share of what remains: unused <= p% of (used + unused), that is unused <= used * p / (100 - p).
        partial.Sort(static (x, y) => Waste(y).CompareTo(Waste(x)));
        long unusedRemaining = 0;
        foreach (var (_, bytes) in partial)
        {
            unusedRemaining += bytes;
        }

        var allowed = maxUnusedPercent >= 100 ? double.PositiveInfinity : usedBytes * maxUnusedPercent / (100 - maxUnusedPercent);
        var repack = new List<RepackItem>();
        foreach (var (item, bytes) in partial)
        {
            if (unusedRemaining > allowed)
            {
                repack.Add(item);
                unusedRemaining -= bytes;
            }
            else
            {
                kept.Add(item.Pack);
            }
        }

        var unreferenced = new List<PackToDelete>();
        foreach (var (id, length) in stored)
        {
            if (!packs.ContainsKey(id))
            {
                unreferenced.Add(new PackToDelete(id, length, 0));
            }
        }

        return new PrunePlan
        {
            IndexFiles = indexFiles,
            KeptPacks = kept,
            Repack = repack,
            Unused = unused,
            Unreferenced = unreferenced,
            SnapshotCount = snapshots,
            UnusedBytesRemaining = unusedRemaining,
        };

        static double Waste((RepackItem Item, long UnusedBytes) x)
        {
            long usedInPack = 0;
            foreach (var blob in x.Item.Keep)
            {
                usedInPack += blob.Length;
            }

            return (double)x.UnusedBytes / Math.Max(1, usedInPack);
        }
    }

    /// <summary>Loads every index file; any that does not load stops the prune (its packs would look unreferenced).</summary>
    private static async Task<(List<ContentId> Files, Dictionary<ContentId, IndexedPack> Packs)> LoadIndexAsync(BlobStore blobs, int maxConcurrency, CancellationToken cancellationToken)
    {
        var ids = new List<ContentId>();
        await foreach (var id in blobs.ListIndexFilesAsync(cancellationToken).ConfigureAwait(false))
        {
            ids.Add(id);
        }

        var loaded = new ConcurrentDictionary<ContentId, IndexFileContents>();
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = maxConcurrency, CancellationToken = cancellationToken }, async (id, ct) =>
        {
            try
            {
                loaded[id] = await blobs.LoadIndexFileAsync(id, ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is ObjectNotFoundException or CorruptObjectException or UnsupportedFormatVersionException or RepositoryMismatchException)
            {
                throw new PruneAbortedException($"index file {id} does not load, so the packs it lists are unknown", ex);
            }
        }).ConfigureAwait(false);

        var superseded = new HashSet<ContentId>();
        foreach (var contents in loaded.Values)
        {
            superseded.UnionWith(contents.Supersedes);
        }

        // A pack listed by several live index files (a prune interrupted before it deleted the old ones, when its new
        // index had not superseded them yet) is taken once, with the union of its blobs.
        var packs = new Dictionary<ContentId, IndexedPack>();
        foreach (var id in ids)
        {
            if (superseded.Contains(id))
            {
                continue;
            }

            foreach (var pack in loaded[id].Packs)
            {
                packs[pack.Id] = packs.TryGetValue(pack.Id, out var known) ? Union(known, pack) : pack;
            }
        }

        return (ids, packs);
    }

    private static IndexedPack Union(IndexedPack a, IndexedPack b)
    {
        var blobs = new Dictionary<ContentId, PackBlobEntry>();
        foreach (var blob in a.Blobs)
        {
            blobs.TryAdd(blob.Id, blob);
        }

        foreach (var blob in b.Blobs)
        {
            blobs.TryAdd(blob.Id, blob);
        }

        return blobs.Count == a.Blobs.Count ? a : new IndexedPack(a.Id, a.Salt, [.. blobs.Values.OrderBy(x => x.Offset)]);
    }

    private static async Task<Dictionary<ContentId, long>> ListPacksAsync(BackupRepository repository, CancellationToken cancellationToken)
    {
        var stored = new Dictionary<ContentId, long>();
        await foreach (var info in repository.Storage.ListAsync("data/", cancellationToken).ConfigureAwait(false))
        {
            var slash = info.Name.LastIndexOf('/');
            if (ContentId.TryParse(info.Name.AsSpan(slash + 1), out var id) && info.Name == PackLayout.NameOf(id))
            {
                stored[id] = info.Length;
            }
        }

        return stored;
    }
}
