using System.Collections.Concurrent;
using Backup.Sdk.Repository;
using Backup.Sdk.Repository.Index;

namespace Backup.Sdk.Validation;

/// <summary>
/// The packs that the loadable index files list. Index files are loaded one by one, so that a damaged one is a problem that
/// names it while the others still count.
/// </summary>
internal sealed class IndexInventory
{
    private IndexInventory(IReadOnlyDictionary<ContentId, IndexedPack> packs, int filesChecked)
    {
        Packs = packs;
        FilesChecked = filesChecked;
    }

    /// <summary>Each listed pack once (the first listing found), by pack id.</summary>
    public IReadOnlyDictionary<ContentId, IndexedPack> Packs { get; }

    /// <summary>Index files examined.</summary>
    public int FilesChecked { get; }

    public static async Task<IndexInventory> LoadAsync(BlobStore blobs, ProblemLedger ledger, int maxConcurrency, Action<int, int> progress, CancellationToken cancellationToken)
    {
        var ids = new List<ContentId>();
        await foreach (var id in blobs.ListIndexFilesAsync(cancellationToken).ConfigureAwait(false))
        {
            ids.Add(id);
        }

        var loaded = new ConcurrentDictionary<ContentId, IndexFileContents>();
        var done = 0;
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = maxConcurrency, CancellationToken = cancellationToken }, async (id, ct) =>
        {
            var name = "index/" + id;
            try
            {
                loaded[id] = await blobs.LoadIndexFileAsync(id, ct).ConfigureAwait(false);
            }
            catch (ObjectNotFoundException)
            {
                // Deleted since the listing (a concurrent prune replaced it): nothing to check.
            }
            catch (Exception ex) when (ex is CorruptObjectException or UnsupportedFormatVersionException or RepositoryMismatchException)
            {
                ledger.Add(CheckProblemKind.DamagedIndex, name, null, DamageText.Describe(ex));
            }

            progress(Interlocked.Increment(ref done), ids.Count);
        }).ConfigureAwait(false);

        var superseded = new HashSet<ContentId>();
        foreach (var contents in loaded.Values)
        {
            superseded.UnionWith(contents.Supersedes);
        }

        var packs = new Dictionary<ContentId, IndexedPack>();
        foreach (var id in ids)
        {
            if (!superseded.Contains(id) && loaded.TryGetValue(id, out var contents))
            {
                foreach (var pack in contents.Packs)
                {
                    packs.TryAdd(pack.Id, pack);
                }
            }
        }

        return new IndexInventory(packs, ids.Count);
    }
}
