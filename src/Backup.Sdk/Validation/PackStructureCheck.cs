using Backup.Sdk.Repository;
using Backup.Sdk.Repository.Index;
using Backup.Sdk.Repository.Packs;
using Backup.Sdk.Storage;

namespace Backup.Sdk.Validation;

/// <summary>
/// Compares every listed pack's own header with what the index says it holds, and finds packs in storage that no index lists.
/// </summary>
internal static class PackStructureCheck
{
    private const string DataPrefix = "data/";

    /// <summary>Checks the listed packs; returns the packs that storage holds but no index lists, with the blobs their headers name.</summary>
    public static async Task<Dictionary<ContentId, ContentId>> RunAsync(
        BlobStore blobs,
        IStorageBackend storage,
        IndexInventory inventory,
        ProblemLedger ledger,
        HashSet<ContentId> unusablePacks,
        int maxConcurrency,
        Action<int, int> progress,
        CancellationToken cancellationToken)
    {
        var listed = inventory.Packs.Values.ToList();
        var done = 0;
        var unusable = new HashSet<ContentId>();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = maxConcurrency, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(listed, parallel, async (pack, ct) =>
        {
            if (!await CheckListedPackAsync(blobs, pack, ledger, ct).ConfigureAwait(false))
            {
                lock (unusable)
                {
                    unusable.Add(pack.Id);
                }
            }

            progress(Interlocked.Increment(ref done), listed.Count);
        }).ConfigureAwait(false);
        unusablePacks.UnionWith(unusable);

        var unindexed = new List<ContentId>();
        await foreach (var info in storage.ListAsync(DataPrefix, cancellationToken).ConfigureAwait(false))
        {
            var slash = info.Name.LastIndexOf('/');
            if (ContentId.TryParse(info.Name.AsSpan(slash + 1), out var packId) && PackLayout.NameOf(packId) == info.Name && !inventory.Packs.ContainsKey(packId))
            {
                unindexed.Add(packId);
            }
        }

        // Blobs that only unindexed packs hold: not lost, only invisible until the index is rebuilt; the walk says so.
        var orphanBlobs = new Dictionary<ContentId, ContentId>();
        foreach (var packId in unindexed)
        {
            var name = PackLayout.NameOf(packId);
            try
            {
                var contents = await blobs.ReadPackHeaderAsync(packId, cancellationToken).ConfigureAwait(false);
                foreach (var entry in contents.Entries)
                {
                    orphanBlobs.TryAdd(entry.Id, packId);
                }

                ledger.Add(CheckProblemKind.UnindexedPack, name, null, $"no index lists this pack of {contents.Entries.Count} blobs (left by an interrupted backup, or its index is damaged)");
            }
            catch (Exception ex) when (DamageText.IsDamage(ex))
            {
                ledger.Add(CheckProblemKind.UnindexedPack, name, null, $"no index lists this pack, and its header does not open: {DamageText.Describe(ex)}");
            }
        }

        return orphanBlobs;
    }

    /// <summary>Checks one pack; returns whether its header opened (so that its data can be read).</summary>
    private static async Task<bool> CheckListedPackAsync(BlobStore blobs, IndexedPack pack, ProblemLedger ledger, CancellationToken cancellationToken)
    {
        var name = PackLayout.NameOf(pack.Id);
        PackContents header;
        try
        {
            header = await blobs.ReadPackHeaderAsync(pack.Id, cancellationToken).ConfigureAwait(false);
        }
        catch (ObjectNotFoundException)
        {
            MarkAll(ledger, pack, ledger.Add(CheckProblemKind.MissingPack, name, null, $"an index lists this pack of {pack.Blobs.Count} blobs, and storage does not have it"));
            return false;
        }
        catch (Exception ex) when (DamageText.IsDamage(ex))
        {
            MarkAll(ledger, pack, ledger.Add(CheckProblemKind.DamagedPack, name, null, "the pack header does not open: " + DamageText.Describe(ex)));
            return false;
        }

        if (!header.Salt.AsSpan().SequenceEqual(pack.Salt))
        {
            MarkAll(ledger, pack, ledger.Add(CheckProblemKind.BlobNotInPack, name, null, "the index gives this pack another key salt than its header: no blob opens through the index"));
            return false;
        }

        var declared = new Dictionary<ContentId, PackBlobEntry>(header.Entries.Count);
        foreach (var entry in header.Entries)
        {
            declared.TryAdd(entry.Id, entry);
        }

        foreach (var listed in pack.Blobs)
        {
            if (!declared.TryGetValue(listed.Id, out var actual))
            {
                var problem = ledger.Add(CheckProblemKind.BlobNotInPack, name, listed.Id, $"the index lists {Describe(listed)} in this pack; the pack's header does not list the blob");
                ledger.MarkBadCopy(pack.Id, listed.Id, problem);
            }
            else if (actual != listed)
            {
                var problem = ledger.Add(CheckProblemKind.BlobNotInPack, name, listed.Id, $"the index lists {Describe(listed)}; the pack's header has {Describe(actual)}");
                ledger.MarkBadCopy(pack.Id, listed.Id, problem);
            }
        }

        return true;
    }

    private static string Describe(PackBlobEntry entry) =>
        $"{entry.Type.ToString().ToLowerInvariant()} blob {entry.Id.ToShortString()} at offset {entry.Offset}, {entry.Length} bytes";

    private static void MarkAll(ProblemLedger ledger, IndexedPack pack, ProblemLedger.Entry problem)
    {
        foreach (var blob in pack.Blobs)
        {
            ledger.MarkBadCopy(pack.Id, blob.Id, problem);
        }
    }
}
