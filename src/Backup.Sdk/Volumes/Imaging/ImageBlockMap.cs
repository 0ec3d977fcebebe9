using Backup.Sdk.Repository;
using Backup.Sdk.Repository.Trees;

namespace Backup.Sdk.Volumes.Imaging;

/// <summary>
/// The image's blocks as blob ids: entry <c>b</c> is the data blob holding block <c>b</c>, or empty for an all-zero block
/// (a hole). Converts to and from the image's tree node (<c>dataRegions</c> + <c>content</c>).
/// </summary>
internal static class ImageBlockMap
{
    /// <summary>The node's block ids, or <see langword="null"/> with a reason when the node is not one blob per block.</summary>
    public static ContentId[]? FromNode(TreeNode node, VolumeGeometry geometry, out string? reason)
    {
        reason = null;
        var blocks = new ContentId[geometry.BlockCount];
        var content = node.Content ?? [];
        var regions = node.DataRegions ?? (node.Size > 0 ? [new FileDataRegion(0, node.Size)] : []);
        if (node.Size != geometry.Size)
        {
            reason = $"the image is {node.Size} bytes, the volume {geometry.Size}";
            return null;
        }

        var next = 0;
        long end = 0;
        foreach (var region in regions)
        {
            if (region.Offset < end || region.Offset % geometry.BlockSize != 0 || region.Length % geometry.BlockSize != 0 || region.Offset + region.Length > node.Size)
            {
                reason = "its data regions are not whole blocks in order";
                return null;
            }

            for (var block = region.Offset / geometry.BlockSize; block < (region.Offset + region.Length) / geometry.BlockSize; block++)
            {
                if (next >= content.Count)
                {
                    reason = "it has fewer blobs than blocks";
                    return null;
                }

                blocks[block] = content[next++];
            }

            end = region.Offset + region.Length;
        }

        if (next != content.Count)
        {
            reason = "it has more blobs than blocks";
            return null;
        }

        return blocks;
    }

    /// <summary>The node's content list and data regions (none when the image has no hole).</summary>
    public static (List<ContentId> Content, List<FileDataRegion>? Regions) ToContent(ContentId[] blocks, int blockSize)
    {
        var content = new List<ContentId>(blocks.Length);
        var regions = new List<FileDataRegion>();
        for (long block = 0; block < blocks.Length;)
        {
            if (blocks[block].IsEmpty)
            {
                block++;
                continue;
            }

            var start = block;
            while (block < blocks.Length && !blocks[block].IsEmpty)
            {
                content.Add(blocks[block++]);
            }

            regions.Add(new FileDataRegion(start * blockSize, (block - start) * blockSize));
        }

        var dense = regions.Count == 1 && regions[0].Length == (long)blocks.Length * blockSize;
        return (content, dense ? null : regions);
    }
}
