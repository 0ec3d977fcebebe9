using Backup.Sdk.Repository;

namespace Backup.Sdk.Copies;

/// <summary>The outcome of <see cref="ISnapshotCopier.CopyAsync"/>.</summary>
public sealed class SnapshotCopyResult
{
    /// <summary>The snapshots copied, oldest first.</summary>
    public IReadOnlyList<CopiedSnapshot> Copied { get; init; } = [];

    /// <summary>The source snapshots skipped because the destination already holds a copy of them.</summary>
    public IReadOnlyList<CopiedSnapshot> Skipped { get; init; } = [];

    /// <summary>The blob counters of the run.</summary>
    public required SnapshotCopyProgress Counters { get; init; }
}

/// <summary>A source snapshot and its copy in the destination.</summary>
/// <param name="Source">The snapshot's id in the source repository.</param>
/// <param name="Destination">The id of its copy in the destination repository.</param>
public sealed record CopiedSnapshot(ContentId Source, ContentId Destination);

/// <summary>The counters of a copy, reported as it goes and in the result.</summary>
public sealed class SnapshotCopyProgress
{
    /// <summary>The snapshots to copy in this run (after skipping those already copied).</summary>
    public int SnapshotsTotal { get; init; }

    /// <summary>The snapshots copied so far.</summary>
    public int SnapshotsDone { get; init; }

    /// <summary>Blobs (data and tree) stored in the destination.</summary>
    public long BlobsCopied { get; init; }

    /// <summary>Uncompressed bytes of the blobs stored in the destination.</summary>
    public long BytesCopied { get; init; }

    /// <summary>Blobs read from the source that the destination already had.</summary>
    public long BlobsSkipped { get; init; }

    /// <summary>Uncompressed bytes of the blobs the destination already had.</summary>
    public long BytesSkipped { get; init; }

    /// <summary>
    /// Blobs and directories not read at all, because the destination's copy of an earlier snapshot of the same group
    /// already maps them (an unchanged directory counts once, however much it holds).
    /// </summary>
    public long Reused { get; init; }
}
