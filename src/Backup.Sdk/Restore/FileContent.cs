using System.Runtime.Versioning;
using Backup.Sdk.Repository;
using Backup.Sdk.Repository.Packs;
using Backup.Sdk.Repository.Trees;
using Backup.Sdk.Sources.FileSystem;
using Microsoft.Win32.SafeHandles;

namespace Backup.Sdk.Restore;

/// <summary>A file's content does not fit its node: more or fewer bytes than its size or data regions say.</summary>
internal sealed class ContentMismatchException(string reason) : Exception(reason);

/// <summary>
/// Maps a file's blobs onto its byte ranges: the data regions of a sparse file, else one range of the whole size. Used to
/// write a file in place at its offsets and to compare it afterwards, one blob at a time.
/// </summary>
[SupportedOSPlatform("linux")]
internal static class FileContent
{
    /// <summary>
    /// How many records of one file are held at once: the one being written or compared and those read ahead of it. A
    /// record holds the blob's stored (compressed) bytes, up to the chunker's maximum size (8 MiB by default), per writer;
    /// more buys no speed (measured).
    /// </summary>
    internal const int ReadAhead = 2;

    /// <summary>
    /// The next record is read ahead only while the record in hand is at most this long: a writer holds at most one record
    /// of the chunker's maximum size and one of this size, not two of the maximum. Large blobs take long enough to write
    /// (or are runs of zeros, skipped as holes) that reading the next one after them costs little.
    /// </summary>
    internal const int ReadAheadBytes = 4 * 1024 * 1024;

    private static readonly LinuxFileSystemMetadata FileSystem = new();

    /// <summary>
    /// Writes a freshly created (empty) file: sets its length, then writes each blob's bytes at their offsets (a compressed
    /// blob a decoded piece at a time). Pieces that are all zeros are not written: the file is new and its length set, so
    /// they read as zeros and stay holes.
    /// </summary>
    /// <returns>The bytes of content restored.</returns>
    /// <exception cref="ContentMismatchException">The blobs do not fill the file's ranges exactly.</exception>
    public static async Task<long> WriteAsync(BlobStore blobs, SafeFileHandle file, TreeNode node, CancellationToken cancellationToken)
    {
        if (node.Size > 0)
        {
            FileSystem.SetLength(file, node.Size);
        }

        return await ForEachPieceAsync(blobs, node, (piece, offset, ct) =>
            piece.Span.ContainsAnyExcept((byte)0) ? RandomAccess.WriteAsync(file, piece, offset, ct) : ValueTask.CompletedTask, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Compares a restored file with its blobs; returns the first difference, or <see langword="null"/>.</summary>
    public static async Task<(string? Difference, long Bytes)> CompareAsync(BlobStore blobs, SafeFileHandle file, TreeNode node, CancellationToken cancellationToken)
    {
        string? difference = null;
        var buffer = new byte[64 * 1024];
        long bytes;
        try
        {
            bytes = await ForEachPieceAsync(blobs, node, async (piece, offset, ct) =>
            {
                for (var done = 0; done < piece.Length && difference is null;)
                {
                    var want = Math.Min(buffer.Length, piece.Length - done);
                    var read = await RandomAccess.ReadAsync(file, buffer.AsMemory(0, want), offset + done, ct).ConfigureAwait(false);
                    if (read == 0)
                    {
                        difference = $"content: the file ends at {offset + done}, before the snapshot's content does";
                    }
                    else if (!buffer.AsSpan(0, read).SequenceEqual(piece.Span.Slice(done, read)))
                    {
                        difference = $"content differs from the snapshot in the {read} bytes at offset {offset + done}";
                    }

                    done += read;
                }
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (ContentMismatchException ex)
        {
            return (ex.Message, 0);
        }

        return (difference, bytes);
    }

    /// <summary>Checks that the data regions are in order, do not overlap and lie within the size.</summary>
    internal static IReadOnlyList<FileDataRegion> RangesOf(TreeNode node)
    {
        if (node.DataRegions is not { } regions)
        {
            return node.Size > 0 ? [new FileDataRegion(0, node.Size)] : [];
        }

        long end = 0;
        foreach (var region in regions)
        {
            if (region.Offset < end || region.Length < 0 || region.Offset > node.Size - region.Length)
            {
                throw new ContentMismatchException($"the data regions are out of order or extend past the file's size ({node.Size})");
            }

            end = region.Offset + region.Length;
        }

        return regions;
    }

    internal static async Task<long> ForEachPieceAsync(
        BlobStore blobs, TreeNode node, Func<ReadOnlyMemory<byte>, long, CancellationToken, ValueTask> onPiece, CancellationToken cancellationToken)
    {
        var ranges = RangesOf(node);
        var content = node.Content ?? [];
        var range = 0;
        long inRange = 0;
        long total = 0;

        // Maps the blob's bytes, as they come, onto the file's ranges.
        async ValueTask PlaceAsync(ReadOnlyMemory<byte> data, CancellationToken ct)
        {
            var at = 0;
            while (at < data.Length)
            {
                while (range < ranges.Count && inRange == ranges[range].Length)
                {
                    range++;
                    inRange = 0;
                }

                if (range == ranges.Count)
                {
                    throw new ContentMismatchException($"the content is longer than the file's size ({node.Size}) or data regions");
                }

                var take = (int)Math.Min(data.Length - at, ranges[range].Length - inRange);
                await onPiece(data.Slice(at, take), ranges[range].Offset + inRange, ct).ConfigureAwait(false);
                at += take;
                inRange += take;
                total += take;
            }
        }

        // The next records of the file are read and authenticated while one is written: their I/O overlaps the write and
        // their decryption runs on another core. A record stays encrypted-size in memory: a compressed blob is decoded
        // through a small window as it is written, never whole. Buffers are pooled (no allocation per blob).
        var ahead = new Queue<Task<OpenedRecord>>(ReadAhead);
        var requested = 0;
        try
        {
            for (var i = 0; i < content.Count; i++)
            {
                if (ahead.Count == 0)
                {
                    ahead.Enqueue(blobs.ReadRecordAsync(BlobType.Data, content[requested++], cancellationToken));
                }

                using var record = await ahead.Dequeue().ConfigureAwait(false);
                while (requested < content.Count && ahead.Count < ReadAhead - 1 && record.HeldLength <= ReadAheadBytes)
                {
                    ahead.Enqueue(blobs.ReadRecordAsync(BlobType.Data, content[requested++], cancellationToken));
                }

                await record.EmitAsync(PlaceAsync, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            // Reads started ahead of a failure: wait for them, return their buffers, and observe their faults.
            while (ahead.TryDequeue(out var pending))
            {
                await pending.ContinueWith(static t =>
                {
                    if (t.IsCompletedSuccessfully)
                    {
                        t.Result.Dispose();
                    }
                }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).ConfigureAwait(false);
            }
        }

        while (range < ranges.Count && inRange == ranges[range].Length)
        {
            range++;
            inRange = 0;
        }

        if (range < ranges.Count)
        {
            throw new ContentMismatchException($"the content is shorter than the file's size ({node.Size}) or data regions");
        }

        return total;
    }
}
