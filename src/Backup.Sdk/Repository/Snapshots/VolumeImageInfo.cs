using System.Text.Json.Serialization;

namespace Backup.Sdk.Repository.Snapshots;

/// <summary>
/// Set on a snapshot of a block volume image (docs/format.md, "Volume image snapshots"): the root tree then holds one file
/// node, the image, whose content is one data blob per non-zero block, in block order, with all-zero blocks left as holes.
/// </summary>
public sealed class VolumeImageInfo
{
    /// <summary>Bytes per block; every content blob is exactly one block.</summary>
    [JsonPropertyName("blockSize")]
    public int BlockSize { get; init; }

    /// <summary>The number of blocks; the image's size is <see cref="BlockSize"/> × <see cref="BlockCount"/>.</summary>
    [JsonPropertyName("blockCount")]
    public long BlockCount { get; init; }

    /// <summary>The volume snapshot the image was read from (the parent of the next incremental image), if any.</summary>
    [JsonPropertyName("snapshot")]
    public string? Snapshot { get; init; }

    /// <summary>The snapshot provider of the volume (<c>cow</c>, <c>row</c>), if any.</summary>
    [JsonPropertyName("provider")]
    public string? Provider { get; init; }
}
