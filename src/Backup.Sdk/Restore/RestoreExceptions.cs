namespace Backup.Sdk.Restore;

/// <summary>The restore target cannot be used: it is not a directory, or it cannot be opened or created.</summary>
public sealed class RestoreTargetException : BackupException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="target">The target path as given.</param>
    /// <param name="detail">What is wrong with it.</param>
    /// <param name="innerException">The file system error, if any.</param>
    public RestoreTargetException(string target, string detail, Exception? innerException = null)
        : base($"Cannot restore into '{target}': {detail}", innerException)
    {
        Target = target;
    }

    /// <summary>The target path as given.</summary>
    public string Target { get; }
}

/// <summary>
/// A snapshot's trees expand to more entries than <see cref="RestoreOptions.MaxEntries"/> allows: a forged repository whose
/// trees refer to the same subtree over and over, or a snapshot bigger than the limit set. Nothing was written.
/// </summary>
public sealed class RestorePlanLimitException : BackupException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="limit">The limit that was reached.</param>
    /// <param name="path">The path inside the snapshot where it was reached.</param>
    public RestorePlanLimitException(long limit, string path)
        : base($"The snapshot expands to more than {limit} entries (reached at '{path}'); raise RestoreOptions.MaxEntries if it is genuine.")
    {
        Limit = limit;
        Path = path;
    }

    /// <summary>The limit that was reached.</summary>
    public long Limit { get; }

    /// <summary>The path inside the snapshot where it was reached.</summary>
    public string Path { get; }
}

/// <summary>A path asked for inside a snapshot (to dump, or to restore alone) is not in it.</summary>
public sealed class SnapshotPathNotFoundException : BackupException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="snapshotId">The snapshot searched.</param>
    /// <param name="path">The path asked for.</param>
    public SnapshotPathNotFoundException(string snapshotId, string path)
        : base($"Snapshot {snapshotId} has no entry '{path}'.")
    {
        SnapshotId = snapshotId;
        Path = path;
    }

    /// <summary>The snapshot searched.</summary>
    public string SnapshotId { get; }

    /// <summary>The path asked for.</summary>
    public string Path { get; }
}

/// <summary>
/// The file system of the restore target ran out of space while a file was written. The restore stopped there: files
/// finished before it are complete and intact; the file named was removed (a resumed restore writes it again).
/// </summary>
public sealed class RestoreTargetFullException : BackupException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="path">The path inside the snapshot of the file being written.</param>
    /// <param name="innerException">The file system error.</param>
    public RestoreTargetFullException(string path, Exception? innerException = null)
        : base($"The restore target ran out of space while writing '{path}'; files restored before it are intact. Free space and run the restore again with resume to continue.", innerException)
    {
        Path = path;
    }

    /// <summary>The path inside the snapshot of the file being written.</summary>
    public string Path { get; }
}
