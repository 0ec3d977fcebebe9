using System.Buffers;
using System.Security.Cryptography;
using Backup.Sdk.IO;
using Backup.Sdk.Repository;
using Backup.Sdk.Repository.Index;
using Backup.Sdk.Repository.Packs;
using Backup.Sdk.Storage;

namespace Backup.Sdk.Validation;

/// <summary>
/// Reads every usable listed pack once, whole, and opens every blob the index lists in it: authenticates, decompresses and
/// re-hashes it. Packs are read in parallel; each worker holds one pack in memory.
/// </summary>
internal static class PackDataCheck
{
    /// <summary>Returns the pack bytes read and the packs read; <paramref name="subset"/> (when not null) picks which packs.</summary>
    public static async Task<(long Bytes, int Packs)> RunAsync(
        BlobStore blobs,
        IStorageBackend storage,
        IndexInventory inventory,
        ProblemLedger ledger,
        HashSet<ContentId> unusablePacks,
        int maxConcurrency,
        DataSubset? subset,
        Random? random,
        Action<int, int, long> progress,
        CancellationToken cancellationToken)
    {
        var packs = new List<IndexedPack>();
        foreach (var pack in inventory.Packs.Values)
        {
            if (!unusablePacks.Contains(pack.Id))
            {
                packs.Add(pack);
            }
        }

        if (subset is not null)
        {
            var chosen = new HashSet<ContentId>(subset.Select(packs.ConvertAll(p => p.Id), random));
            packs.RemoveAll(p => !chosen.Contains(p.Id));
        }

        long bytesRead = 0;
        var done = 0;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = maxConcurrency, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(packs, parallel, async (pack, ct) =>
        {
            var name = PackLayout.NameOf(pack.Id);
            var info = await storage.StatAsync(name, ct).ConfigureAwait(false);
            if (info is not { } found || found.Length > Array.MaxLength)
            {
                // Deleted since its header was read (a concurrent prune): the structure stage saw it; nothing to read.
                return;
            }

            // One pooled buffer per worker and pack: no new array of a pack's size for every pack read.
            var length = (int)found.Length;
            var buffer = LargeBuffers.Pool.Rent(length);
            try
            {
                try
                {
                    await storage.ReadAsync(name, 0, buffer.AsMemory(0, length), ct).ConfigureAwait(false);
                }
                catch (ObjectNotFoundException)
                {
                    return;
                }

                var total = Interlocked.Add(ref bytesRead, length);
                CheckPack(blobs, pack, buffer.AsSpan(0, length), ledger);
                progress(Interlocked.Increment(ref done), packs.Count, total);
            }
            finally
            {
                LargeBuffers.Pool.Return(buffer);
            }
        }).ConfigureAwait(false);

        return (bytesRead, done);
    }

    private static void CheckPack(BlobStore blobs, IndexedPack pack, Span<byte> content, ProblemLedger ledger)
    {
        var name = PackLayout.NameOf(pack.Id);

        // Hashed before the blobs are decrypted in place over the pack's bytes.
        var hashMatches = new ContentId(SHA256.HashData(content)) == pack.Id;
        var damagedBlobs = 0;
        var verified = new HashSet<PackBlobEntry>();
        foreach (var entry in pack.Blobs)
        {
            if (!verified.Add(entry))
            {
                // Listed twice (by two index files): its bytes are decrypted already, and it was checked once.
                continue;
            }

            if (ledger.IsBadCopy(pack.Id, entry.Id))
            {
                // Already a problem (the header disagrees with the index): opening it at the index's offset proves nothing more.
                continue;
            }

            if ((long)entry.Offset + entry.Length > content.Length)
            {
                Report(ledger, pack, entry, name, $"the record at offset {entry.Offset}, {entry.Length} bytes, lies past the end of the pack ({content.Length} bytes)");
                damagedBlobs++;
                continue;
            }

            // Decrypted over the pack's bytes (no buffer per blob). An entry that disagrees with the pack's header (and
            // so could overlap another record) is a bad copy already, skipped above.
            try
            {
                blobs.VerifyBlobRecordInPlace(pack.Salt, entry, content.Slice((int)entry.Offset, (int)entry.Length), name);
            }
            catch (CorruptObjectException ex)
            {
                Report(ledger, pack, entry, name, ex.Detail);
                damagedBlobs++;
            }
        }

        // Any damaged blob changes the pack's hash too; that says nothing more. With every blob and the header intact
        // (every byte of a pack is authenticated), a hash that does not match is a pack stored under another pack's name.
        if (damagedBlobs == 0 && !hashMatches)
        {
            ledger.Add(CheckProblemKind.DamagedPack, name, null, "the SHA-256 of the pack does not match its name (a pack stored under another pack's name)");
        }
    }

    private static void Report(ProblemLedger ledger, IndexedPack pack, PackBlobEntry entry, string name, string detail)
    {
        var kind = entry.Type == BlobType.Tree ? CheckProblemKind.DamagedTree : CheckProblemKind.DamagedBlob;
        var problem = ledger.Add(kind, name, entry.Id, detail);
        ledger.MarkBadCopy(pack.Id, entry.Id, problem);
    }
}
