using Backup.Sdk.Repository;
using Backup.Sdk.Repository.Snapshots;
using Backup.Sdk.Repository.Trees;

namespace Backup.Sdk.Restore;

/// <summary>How an entry of a plan is created.</summary>
public enum RestoreEntryKind
{
    /// <summary>A directory: created (or reused), entered, and its metadata set after its children.</summary>
    Directory,

    /// <summary>A regular file, written in place at its offsets.</summary>
    File,

    /// <summary>A further name of a file restored earlier in the plan (<see cref="RestoreEntry.HardLinkTo"/>).</summary>
    HardLink,

    /// <summary>A symbolic link, created with its target bytes exactly.</summary>
    Symlink,

    /// <summary>A named pipe.</summary>
    Fifo,

    /// <summary>A block or character device (needs root).</summary>
    Device,
}

/// <summary>One entry of a <see cref="RestorePlan"/>.</summary>
public sealed class RestoreEntry
{
    internal RestoreEntry(string path, byte[] name, int depth, int parent, TreeNode node, RestoreEntryKind kind, int hardLinkTo)
    {
        Path = path;
        RawName = name;
        Depth = depth;
        Parent = parent;
        Node = node;
        Kind = kind;
        HardLinkTo = hardLinkTo;
    }

    /// <summary>The absolute path inside the snapshot, for display (invalid UTF-8 as <c>\xNN</c>).</summary>
    public string Path { get; }

    /// <summary>The entry's name: one checked path component (raw bytes).</summary>
    public ReadOnlyMemory<byte> Name => RawName;

    /// <summary>The nesting below the target: 0 for entries directly in it.</summary>
    public int Depth { get; }

    /// <summary>The index of the parent directory's entry in <see cref="RestorePlan.Entries"/>, or -1 for the target.</summary>
    public int Parent { get; }

    /// <summary>The snapshot's node: type, metadata and content.</summary>
    public TreeNode Node { get; }

    /// <summary>How the entry is created.</summary>
    public RestoreEntryKind Kind { get; }

    /// <summary>For <see cref="RestoreEntryKind.HardLink"/>: the index of the file entry linked to; otherwise -1.</summary>
    public int HardLinkTo { get; }

    internal byte[] RawName { get; }
}

/// <summary>The blobs of one pack that a restore needs.</summary>
/// <param name="PackId">The pack.</param>
/// <param name="Blobs">The data blobs needed from it, each once, in pack order.</param>
/// <param name="StoredBytes">The stored (compressed, sealed) bytes of those blobs: what the restore reads from the pack.</param>
public sealed record RestorePackPlan(ContentId PackId, IReadOnlyList<ContentId> Blobs, long StoredBytes);

/// <summary>
/// What a restore will do, worked out from the snapshot's trees before anything is written: the entries to create in
/// order (parents before children), the entries refused and why, and the blobs needed, grouped by pack. Inspect it for a
/// dry run; <see cref="SnapshotRestorer.RestoreAsync"/> builds one and carries it out.
/// </summary>
public sealed class RestorePlan
{
    internal RestorePlan(Snapshot snapshot, IReadOnlyList<RestoreEntry> entries, IReadOnlyList<RestoreIssue> refused, IReadOnlyList<RestorePackPlan> packs)
    {
        Snapshot = snapshot;
        Entries = entries;
        Refused = refused;
        Packs = packs;
        foreach (var entry in entries)
        {
            if (entry.Kind == RestoreEntryKind.File)
            {
                FileCount++;
                TotalBytes += entry.Node.Size;
            }
        }
    }

    /// <summary>The snapshot restored.</summary>
    public Snapshot Snapshot { get; }

    /// <summary>The entries to create, in pre-order: every directory before its contents.</summary>
    public IReadOnlyList<RestoreEntry> Entries { get; }

    /// <summary>Entries refused while planning (unsafe names, duplicates, cycles, too deep), with the reason.</summary>
    public IReadOnlyList<RestoreIssue> Refused { get; }

    /// <summary>The data blobs needed, grouped by the pack holding them.</summary>
    public IReadOnlyList<RestorePackPlan> Packs { get; }

    /// <summary>
    /// Whether the plan restores one non-directory entry (<see cref="RestoreOptions.SourcePath"/> named one) as the target
    /// itself: its entry is then created in the target's parent directory, under the target's name.
    /// </summary>
    public bool SingleEntry { get; init; }

    /// <summary>The regular files to write (hard links not counted).</summary>
    public long FileCount { get; }

    /// <summary>The logical bytes of those files.</summary>
    public long TotalBytes { get; }
}
