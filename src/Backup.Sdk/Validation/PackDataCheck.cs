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
/// re-hashes it. Packs are read in parallel, each in pieces of about <see cref="PieceLength"/> bytes (a larger record in
/// one piece) hashed in order, so a worker holds one piece, not one pack.
/// </summary>
internal static class PackDataCheck
{
    /// <summary>The bytes read at once from a pack: records are grouped up to this, a larger record is read alone.</summary>
    internal const int PieceLength = 1024 * 1024;

    private readonly record struct Piece(int Start, int End, int First, int Count);

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

            var length = (int)found.Length;
            try
            {
                if (InPieces(pack, length) is var (records, pieces))
                {
                    await CheckInPiecesAsync(blobs, storage, pack, name, records, pieces, ledger, ct).ConfigureAwait(false);
                }
                else
                {
                    await CheckWholeAsync(blobs, storage, pack, name, length, ledger, ct).ConfigureAwait(false);
                }
            }
            catch (ObjectNotFoundException)
            {
                return;
            }

            var total = Interlocked.Add(ref bytesRead, length);
            progress(Interlocked.Increment(ref done), packs.Count, total);
        }).ConfigureAwait(false);

        return (bytesRead, done);
    }

    /// <summary>
    /// The pack's records in offset order (each listed once), grouped into pieces of at most <see cref="PieceLength"/>
    /// bytes (a larger record is a piece of its own), the last piece being the sealed header and trailer;
    /// <see langword="null"/> when records overlap or lie past the end: the whole-pack check reports those blob by blob.
    /// </summary>
    private static (List<PackBlobEntry> Records, List<Piece> Pieces)? InPieces(IndexedPack pack, int packLength)
    {
        var records = new List<PackBlobEntry>(new HashSet<PackBlobEntry>(pack.Blobs));
        records.Sort(static (x, y) => x.Offset.CompareTo(y.Offset));
        var pieces = new List<Piece>();
        long end = 0;
        for (var i = 0; i < records.Count; i++)
        {
            var recordEnd = (long)records[i].Offset + records[i].Length;
            if (records[i].Offset < end || recordEnd > packLength)
            {
                return null;
            }

            if (pieces.Count > 0 && recordEnd - pieces[^1].Start <= PieceLength)
            {
                pieces[^1] = pieces[^1] with { End = (int)recordEnd, Count = pieces[^1].Count + 1 };
            }
            else
            {
                pieces.Add(new Piece((int)end, (int)recordEnd, i, 1));
            }

            end = recordEnd;
        }

        for (var start = (int)end; start < packLength; start += PieceLength)
        {
            pieces.Add(new Piece(start, Math.Min(packLength, start + PieceLength), records.Count, 0));
        }

        return (records, pieces);
    }

    /// <summary>
    /// Reads the pack piece by piece into one pooled buffer (the largest piece), hashes every byte in order, and verifies
    /// each record in place once its piece is hashed.
    /// </summary>
    private static async Task CheckInPiecesAsync(
        BlobStore blobs, IStorageBackend storage, IndexedPack pack, string name, List<PackBlobEntry> records, List<Piece> pieces, ProblemLedger ledger, CancellationToken cancellationToken)
    {
        var largest = 0;
        foreach (var piece in pieces)
        {
            largest = Math.Max(largest, piece.End - piece.Start);
        }

        var buffer = LargeBuffers.Pool.Rent(Math.Max(largest, 1));
        try
        {
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var damagedBlobs = 0;
            foreach (var piece in pieces)
            {
                var bytes = buffer.AsMemory(0, piece.End - piece.Start);
                await storage.ReadAsync(name, piece.Start, bytes, cancellationToken).ConfigureAwait(false);
                sha.AppendData(bytes.Span);
                for (var i = piece.First; i < piece.First + piece.Count; i++)
                {
                    var entry = records[i];
                    if (!VerifyRecord(blobs, pack, entry, bytes.Span.Slice((int)entry.Offset - piece.Start, (int)entry.Length), name, ledger))
                    {
                        damagedBlobs++;
                    }
                }
            }

            Span<byte> hash = stackalloc byte[ContentId.Size];
            sha.GetHashAndReset(hash);
            ReportHash(pack, name, damagedBlobs, new ContentId(hash) == pack.Id, ledger);
        }
        finally
        {
            LargeBuffers.Pool.Return(buffer);
        }
    }

    /// <summary>Reads the pack whole into one pooled buffer and checks it (records that overlap or lie past the end).</summary>
    private static async Task CheckWholeAsync(
        BlobStore blobs, IStorageBackend storage, IndexedPack pack, string name, int length, ProblemLedger ledger, CancellationToken cancellationToken)
    {
        var buffer = LargeBuffers.Pool.Rent(length);
        try
        {
            await storage.ReadAsync(name, 0, buffer.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
            CheckPack(blobs, pack, buffer.AsSpan(0, length), ledger);
        }
        finally
        {
            LargeBuffers.Pool.Return(buffer);
        }
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

            if (!VerifyRecord(blobs, pack, entry, content.Slice((int)entry.Offset, (int)entry.Length), name, ledger))
            {
                damagedBlobs++;
            }
        }

        ReportHash(pack, name, damagedBlobs, hashMatches, ledger);
    }

    /// <summary>
    /// Verifies one record in place (decrypted over the bytes read: no buffer per blob); false, reported, when damaged. An
    /// entry that disagrees with the pack's header (and so could overlap another record) is a bad copy already: skipped.
    /// </summary>
    private static bool VerifyRecord(BlobStore blobs, IndexedPack pack, PackBlobEntry entry, Span<byte> record, string name, ProblemLedger ledger)
    {
        if (ledger.IsBadCopy(pack.Id, entry.Id))
        {
            return true;
        }

        try
        {
            blobs.VerifyBlobRecordInPlace(pack.Salt, entry, record, name);
            return true;
        }
        catch (CorruptObjectException ex)
        {
            Report(ledger, pack, entry, name, ex.Detail);
            return false;
        }
    }

    private static void ReportHash(IndexedPack pack, string name, int damagedBlobs, bool hashMatches, ProblemLedger ledger)
    {
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
