namespace Backup.Sdk.Maintenance;

/// <summary>What a prune did (or, for a dry run, would do).</summary>
public sealed record PruneResult
{
    /// <summary>Whether this was a dry run: nothing was changed.</summary>
    public bool DryRun { get; init; }

    /// <summary>Snapshots whose trees were walked to find the blobs in use.</summary>
    public int SnapshotsKept { get; init; }

    /// <summary>Packs deleted whole: no blob in them was used, or no index listed them (left by interrupted backups).</summary>
    public int PacksDeleted { get; init; }

    /// <summary>Of <see cref="PacksDeleted"/>, the packs no index listed.</summary>
    public int UnreferencedPacksDeleted { get; init; }

    /// <summary>Partly used packs whose used blobs were copied into new packs and which were then deleted.</summary>
    public int PacksRepacked { get; init; }

    /// <summary>New packs written by repacking.</summary>
    public int PacksWritten { get; init; }

    /// <summary>Packs left as they were.</summary>
    public int PacksKept { get; init; }

    /// <summary>Blob records removed from the repository (unused, or second copies of a blob).</summary>
    public long BlobsRemoved { get; init; }

    /// <summary>Blobs copied into new packs.</summary>
    public long BlobsRepacked { get; init; }

    /// <summary>Stored bytes of the blobs copied into new packs (as they were stored before).</summary>
    public long BytesRepacked { get; init; }

    /// <summary>Pack bytes deleted minus pack bytes written: how much smaller the repository's data got.</summary>
    public long BytesFreed { get; init; }

    /// <summary>Stored bytes of unused blobs left in kept packs (within <see cref="PruneOptions.MaxUnusedPercent"/>).</summary>
    public long UnusedBytesRemaining { get; init; }

    /// <summary>Index files replaced by the rewritten index.</summary>
    public int IndexFilesReplaced { get; init; }

    /// <summary>How long the prune took.</summary>
    public TimeSpan Duration { get; init; }
}
