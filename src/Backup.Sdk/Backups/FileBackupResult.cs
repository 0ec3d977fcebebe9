using Backup.Sdk.Repository;
using Backup.Sdk.Repository.Snapshots;

namespace Backup.Sdk.Backups;

/// <summary>A source entry that was not backed up as it was, and why.</summary>
/// <param name="Path">The entry's absolute path, for display (invalid UTF-8 shown as <c>\xNN</c>).</param>
/// <param name="Message">What went wrong: it could not be read (and was skipped), it changed while it was read (and was stored as read), or it does not exist.</param>
public sealed record BackupError(string Path, string Message);

/// <summary>The outcome of a <see cref="FileBackup"/> run: the saved snapshot, its counters and the entries that were not backed up as they were.</summary>
public sealed class FileBackupResult
{
    /// <summary>The saved snapshot (its <see cref="Snapshot.Id"/> is set).</summary>
    public required Snapshot Snapshot { get; init; }

    /// <summary>The counters, as stored in the snapshot.</summary>
    public required SnapshotSummary Summary { get; init; }

    /// <summary>The level the backup ran at.</summary>
    public BackupLevel Level => Snapshot.Level;

    /// <summary>The level asked for in <see cref="FileBackupOptions.Level"/>; <see langword="null"/> when the engine chose.</summary>
    public BackupLevel? RequestedLevel { get; init; }

    /// <summary>
    /// Why an incremental or differential backup that was asked for ran as a full one (no snapshot of the same host and
    /// path set, no full one for a differential, or a parent that cannot be read); <see langword="null"/> when it ran at the
    /// level asked for, or when no level was asked for.
    /// </summary>
    public string? LevelFallbackReason { get; init; }

    /// <summary>The parent snapshot used for change detection, or <see langword="null"/> for a full backup.</summary>
    public ContentId? Parent => Snapshot.Parent;

    /// <summary>Every entry that could not be read (skipped: not in the snapshot), every file that changed while it was read (stored as read), and every path argument that does not exist.</summary>
    public required IReadOnlyList<BackupError> Errors { get; init; }

    /// <summary>Files not in the parent.</summary>
    public long FilesNew => Summary.FilesNew;

    /// <summary>Files in the parent that were read again.</summary>
    public long FilesChanged => Summary.FilesChanged;

    /// <summary>Files taken from the parent without reading them.</summary>
    public long FilesUnmodified => Summary.FilesUnmodified;

    /// <summary>Directories not in the parent.</summary>
    public long DirsNew => Summary.DirsNew;

    /// <summary>Directories whose listing differs from the parent's.</summary>
    public long DirsChanged => Summary.DirsChanged;

    /// <summary>Directories whose listing equals the parent's.</summary>
    public long DirsUnmodified => Summary.DirsUnmodified;

    /// <summary>Bytes added to the repository (blob records after compression and encryption).</summary>
    public long DataAdded => Summary.DataAdded;

    /// <summary>Blobs added to the repository (data and tree).</summary>
    public long BlobsAdded => Summary.BlobsAdded;

    /// <summary>Files in the snapshot.</summary>
    public long TotalFilesProcessed => Summary.TotalFilesProcessed;

    /// <summary>Bytes of file content in the snapshot (logical sizes).</summary>
    public long TotalBytesProcessed => Summary.TotalBytesProcessed;

    /// <summary>Bytes actually read from the source.</summary>
    public long BytesRead => Summary.BytesRead;

    /// <summary>When the backup started.</summary>
    public DateTimeOffset BackupStart => Summary.BackupStart;

    /// <summary>When the backup ended.</summary>
    public DateTimeOffset BackupEnd => Summary.BackupEnd;
}
