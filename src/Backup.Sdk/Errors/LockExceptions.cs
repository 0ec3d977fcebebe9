using Backup.Sdk.Repository.Locks;

namespace Backup.Sdk;

/// <summary>Another process holds a lock that conflicts with the one asked for (a prune while a backup runs, or the reverse).</summary>
public sealed class RepositoryLockedException : BackupException
{
    /// <summary>Creates the exception naming the holder.</summary>
    public RepositoryLockedException(string location, LockInfo holder)
        : base($"The repository at '{location}' is locked by a {holder}. If that process is gone, its lock turns stale after it stops refreshing; 'backup unlock' removes stale locks.")
    {
        Location = location;
        Holder = holder;
    }

    /// <summary>The repository location.</summary>
    public string Location { get; }

    /// <summary>The conflicting lock.</summary>
    public LockInfo Holder { get; }
}

/// <summary>
/// This process's lock could not be kept (its refreshes failed for too long, or it was removed): the work was stopped before
/// another process could take the lock as stale.
/// </summary>
public sealed class RepositoryLockLostException : BackupException
{
    /// <summary>Creates the exception.</summary>
    public RepositoryLockLostException(string lockName, string reason, Exception? innerException = null)
        : base($"Lost the repository lock '{lockName}': {reason}. The operation was stopped; nothing it wrote is referenced yet, and a later prune reclaims it.", innerException)
    {
        LockName = lockName;
        Reason = reason;
    }

    /// <summary>The storage name of the lost lock.</summary>
    public string LockName { get; }

    /// <summary>Why it was lost.</summary>
    public string Reason { get; }
}

/// <summary>
/// Prune stopped before deleting anything because it could not be sure what is in use: a storage listing came back without
/// a pack that the index lists, or a snapshot's trees could not be read.
/// </summary>
public sealed class PruneAbortedException : BackupException
{
    /// <summary>Creates the exception.</summary>
    public PruneAbortedException(string reason, Exception? innerException = null)
        : base($"Prune stopped before changing anything: {reason}. Run 'check' to see what is wrong.", innerException)
    {
        Reason = reason;
    }

    /// <summary>Why prune stopped.</summary>
    public string Reason { get; }
}
