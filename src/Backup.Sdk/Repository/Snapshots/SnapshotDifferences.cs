using Backup.Sdk.Repository.Trees;

namespace Backup.Sdk.Repository.Snapshots;

/// <summary>What differs between two versions of an entry present in both snapshots.</summary>
[Flags]
public enum SnapshotEntryChange
{
    /// <summary>Nothing.</summary>
    None = 0,

    /// <summary>The content: a file's content list, data regions or size; a symbolic link's target; a device's number.</summary>
    Content = 1,

    /// <summary>The metadata a user sees: mode, owner (ids and names) or modification time. Not ctime, inode or link count, which change on their own.</summary>
    Metadata = 2,
}

/// <summary>One entry that was added, removed or modified between two snapshots.</summary>
/// <param name="Path">The absolute path inside the snapshots; bytes that are not UTF-8 as <c>\xNN</c>.</param>
/// <param name="Type">The entry's type (in the newer snapshot, except for removed entries).</param>
/// <param name="Size">The size in the newer snapshot (in the older one for a removed entry); 0 for directories.</param>
/// <param name="PreviousSize">For modified entries: the size in the older snapshot; otherwise <see langword="null"/>.</param>
/// <param name="Change">For modified entries: what changed; <see cref="SnapshotEntryChange.None"/> for added and removed ones.</param>
public sealed record SnapshotDiffEntry(string Path, NodeType Type, long Size, long? PreviousSize, SnapshotEntryChange Change);

/// <summary>The differences between two snapshots, each list depth first in raw-name order.</summary>
public sealed class SnapshotDifferences
{
    /// <summary>Entries only in the newer snapshot (a new directory and everything below it).</summary>
    public required IReadOnlyList<SnapshotDiffEntry> Added { get; init; }

    /// <summary>Entries only in the older snapshot (a removed directory and everything below it).</summary>
    public required IReadOnlyList<SnapshotDiffEntry> Removed { get; init; }

    /// <summary>Entries in both whose content or metadata differ. An entry whose type changed is removed and added instead.</summary>
    public required IReadOnlyList<SnapshotDiffEntry> Modified { get; init; }

    /// <summary>How many trees were loaded: subtrees with the same id in both snapshots are skipped without loading them.</summary>
    public required int TreesLoaded { get; init; }
}
