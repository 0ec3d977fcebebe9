using Backup.Sdk.Repository;
using Backup.Sdk.Repository.Index;
using Backup.Sdk.Repository.Packs;

namespace Backup.Sdk.Maintenance;

/// <summary>A partly used pack chosen for repacking, with the blob records to carry over.</summary>
internal sealed record RepackItem(IndexedPack Pack, long StoredLength, IReadOnlyList<PackBlobEntry> Keep);

/// <summary>A pack to delete whole.</summary>
internal readonly record struct PackToDelete(ContentId Id, long StoredLength, int BlobCount);

/// <summary>
/// What a prune will do, decided before anything changes (so a dry run is the plan alone, and the plan is testable alone).
/// </summary>
internal sealed class PrunePlan
{
    /// <summary>Every index file found (live and superseded): the rewritten index supersedes and then deletes them all.</summary>
    public required IReadOnlyList<ContentId> IndexFiles { get; init; }

    /// <summary>Packs that stay, listed as before (also those with some unused blobs, within the threshold).</summary>
    public required IReadOnlyList<IndexedPack> KeptPacks { get; init; }

    /// <summary>Packs whose used blobs move to new packs.</summary>
    public required IReadOnlyList<RepackItem> Repack { get; init; }

    /// <summary>Indexed packs with no used blob.</summary>
    public required IReadOnlyList<PackToDelete> Unused { get; init; }

    /// <summary>Packs in storage that no index lists.</summary>
    public required IReadOnlyList<PackToDelete> Unreferenced { get; init; }

    /// <summary>Snapshots walked.</summary>
    public required int SnapshotCount { get; init; }

    /// <summary>Unused bytes left in <see cref="KeptPacks"/>.</summary>
    public required long UnusedBytesRemaining { get; init; }

    /// <summary>Whether the index must be rewritten (packs leave it, or several index files merge into fewer).</summary>
    public bool RewriteIndex => Unused.Count > 0 || Repack.Count > 0 || IndexFiles.Count > 1;

    /// <summary>Whether the plan changes nothing at all.</summary>
    public bool IsEmpty => !RewriteIndex && Unreferenced.Count == 0;
}
