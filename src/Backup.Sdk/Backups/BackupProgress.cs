namespace Backup.Sdk.Backups;

/// <summary>
/// Where a running backup is, reported through <see cref="IProgress{T}"/> at most every
/// <see cref="FileBackupOptions.ProgressInterval"/> and once at the end.
/// </summary>
/// <remarks>
/// When progress is asked for, a scan of metadata runs beside the backup (as restic's does) with the same excludes and
/// file-system rule; <see cref="TotalFiles"/>, <see cref="TotalBytes"/> and <see cref="EstimatedRemaining"/> are
/// <see langword="null"/> until it has counted everything, then the estimate is the time so far scaled by the bytes left.
/// Without a progress receiver no scan runs.
/// </remarks>
/// <param name="FilesDone">Files finished (read or taken from the parent).</param>
/// <param name="BytesDone">Bytes of the finished files (logical sizes).</param>
/// <param name="BytesRead">Bytes actually read from the source so far.</param>
/// <param name="TotalFiles">The number of files to back up, when known.</param>
/// <param name="TotalBytes">The bytes to back up, when known.</param>
/// <param name="CurrentPath">The file most recently started, for display.</param>
/// <param name="Elapsed">The time since the backup started.</param>
/// <param name="EstimatedRemaining">The estimated time left, when the totals are known.</param>
public sealed record BackupProgress(
    long FilesDone,
    long BytesDone,
    long BytesRead,
    long? TotalFiles,
    long? TotalBytes,
    string? CurrentPath,
    TimeSpan Elapsed,
    TimeSpan? EstimatedRemaining);
