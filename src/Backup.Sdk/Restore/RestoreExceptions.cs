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
