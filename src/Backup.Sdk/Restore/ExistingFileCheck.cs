using System.Runtime.Versioning;
using Backup.Sdk.Backups;
using Backup.Sdk.Chunking;
using Backup.Sdk.Repository;
using Backup.Sdk.Repository.Trees;
using Backup.Sdk.Sources.FileSystem;
using Microsoft.Win32.SafeHandles;

namespace Backup.Sdk.Restore;

/// <summary>
/// Tells whether a file already in the target holds exactly a node's content, without reading the repository: the file
/// (its data regions back to back, as a backup reads them) is cut with the repository's chunker and each chunk's keyed id
/// compared with the node's content list. Used by a resumed restore to skip files restored correctly before.
/// </summary>
/// <remarks>
/// The ids are keyed hashes of the chunks, so equal ids mean equal bytes. A file whose content was cut otherwise than by
/// this repository's chunker (never the case for files Backup.Sdk backed up) never matches and is simply written again.
/// </remarks>
[SupportedOSPlatform("linux")]
internal static class ExistingFileCheck
{
    public static async Task<bool> MatchesAsync(BlobStore blobs, IChunker chunker, SafeFileHandle file, TreeNode node, CancellationToken cancellationToken)
    {
        IReadOnlyList<FileDataRegion> ranges;
        try
        {
            ranges = FileContent.RangesOf(node);
        }
        catch (ContentMismatchException)
        {
            return false;
        }

        var regions = new FileRegion[ranges.Count];
        for (var r = 0; r < regions.Length; r++)
        {
            regions[r] = new FileRegion(ranges[r].Offset, ranges[r].Length);
        }

        var content = node.Content ?? [];
        var next = 0;
        await using var stream = new RegionReadStream(file, regions);
        await foreach (var chunk in StreamChunker.ReadChunksAsync(stream, chunker, cancellationToken).ConfigureAwait(false))
        {
            if (next >= content.Count || blobs.ComputeId(BlobType.Data, chunk.Span) != content[next])
            {
                return false;
            }

            next++;
        }

        return next == content.Count;
    }
}
