using Backup.Sdk.Repository;

namespace Backup.Sdk.Copies;

/// <summary>Copies snapshots from one repository into another, whatever their keys and chunker parameters.</summary>
public interface ISnapshotCopier
{
    /// <summary>
    /// Copies the snapshots (oldest first) into <paramref name="destination"/>, storing only the blobs it lacks; snapshots
    /// the destination already holds a copy of are skipped, so copying twice adds nothing.
    /// </summary>
    /// <param name="source">The repository to copy from (opened; its index is loaded by the copy).</param>
    /// <param name="destination">The repository to copy into.</param>
    /// <param name="snapshots">The source snapshots to copy; <see langword="null"/> copies all of them.</param>
    /// <param name="progress">Receives the counters after each directory and each snapshot.</param>
    /// <param name="cancellationToken">Stops the copy; snapshots already reported copied stay, the one in progress is not written.</param>
    /// <returns>What was copied and skipped.</returns>
    Task<SnapshotCopyResult> CopyAsync(BackupRepository source, BackupRepository destination, IReadOnlyList<ContentId>? snapshots = null, IProgress<SnapshotCopyProgress>? progress = null, CancellationToken cancellationToken = default);
}
