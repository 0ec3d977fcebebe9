using System.Runtime.Versioning;
using Backup.Sdk.Repository;
using Backup.Sdk.Repository.Snapshots;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Backup.Sdk.Restore;

/// <summary>
/// Restores a snapshot, or part of it, into a directory: plan first (<see cref="PlanAsync"/>), then carry the plan out
/// (<see cref="RestoreAsync"/>). The snapshot's root tree is <c>/</c>, so a backup of <c>/data/x</c> restored into
/// <c>/r</c> gives <c>/r/data/x</c>. Nothing is ever written outside the target, whatever the repository holds: see
/// docs/guides/restore.md for what is refused and why.
/// </summary>
/// <remarks>
/// The repository's index must be loaded (<see cref="BlobStore.LoadIndexAsync"/>). A missing or damaged tree or data blob
/// stops the restore with <see cref="ObjectNotFoundException"/> or <see cref="CorruptObjectException"/> naming it; entries
/// refused for safety and local file system failures are reported in <see cref="RestoreResult.Skipped"/> and the restore
/// goes on. A cancelled restore leaves what it wrote and throws <see cref="OperationCanceledException"/>.
/// </remarks>
[SupportedOSPlatform("linux")]
public sealed partial class SnapshotRestorer
{
    private readonly BackupRepository _repository;
    private readonly ILogger _logger;

    /// <summary>Creates a restorer over an opened repository.</summary>
    /// <param name="repository">The repository, with its index loaded.</param>
    /// <param name="logger">Where to log; nothing is logged when null.</param>
    public SnapshotRestorer(BackupRepository repository, ILogger<SnapshotRestorer>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(repository);
        _repository = repository;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>Runs between the restore and its verification; lets tests change the target in between.</summary>
    internal Func<CancellationToken, Task>? BeforeVerify { get; set; }

    /// <summary>Works out what restoring <paramref name="snapshot"/> with <paramref name="options"/> would do, writing nothing.</summary>
    /// <param name="snapshot">The snapshot.</param>
    /// <param name="options">The options; only the filters and limits matter here.</param>
    /// <param name="cancellationToken">Cancels the planning.</param>
    /// <returns>The plan.</returns>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    /// <exception cref="ObjectNotFoundException">A tree or data blob is missing from the index.</exception>
    /// <exception cref="RestorePlanLimitException">The trees expand to more than <see cref="RestoreOptions.MaxEntries"/>.</exception>
    public Task<RestorePlan> PlanAsync(Snapshot snapshot, RestoreOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var planner = new RestorePlanner(_repository.Trees.LoadAsync, _repository.Blobs.Index, options);
        return planner.PlanAsync(snapshot, cancellationToken);
    }

    /// <summary>Restores a snapshot into <see cref="RestoreOptions.Target"/>: plans, writes, then verifies if asked.</summary>
    /// <param name="snapshot">The snapshot.</param>
    /// <param name="options">Target, filters, verification, overwrite policy, concurrency.</param>
    /// <param name="progress">Receives progress as files complete.</param>
    /// <param name="cancellationToken">Stops the restore; what was written stays.</param>
    /// <returns>What was restored, skipped and verified.</returns>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    /// <exception cref="RestoreTargetException">The target is not a directory or cannot be created.</exception>
    /// <exception cref="ObjectNotFoundException">A tree or data blob is missing.</exception>
    /// <exception cref="CorruptObjectException">A tree or data blob is damaged.</exception>
    /// <exception cref="RestorePlanLimitException">The trees expand to more than <see cref="RestoreOptions.MaxEntries"/>.</exception>
    /// <exception cref="SnapshotPathNotFoundException"><see cref="RestoreOptions.SourcePath"/> is not in the snapshot.</exception>
    /// <exception cref="RestoreTargetFullException">The target ran out of space; the exception names the file being written.</exception>
    /// <exception cref="RepositoryLockedException">A prune holds the repository.</exception>
    /// <exception cref="RepositoryLockLostException">The restore's shared lock could not be kept.</exception>
    public async Task<RestoreResult> RestoreAsync(Snapshot snapshot, RestoreOptions options, IProgress<RestoreProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        // A shared lock keeps a prune from deleting packs while they are read.
        var held = await _repository.Locks.AcquireSharedAsync(cancellationToken).ConfigureAwait(false);
        await using (held.ConfigureAwait(false))
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, held.LostToken);
            try
            {
                // The index loaded before the lock may list blobs that a prune has deleted since.
                await _repository.Blobs.RefreshIndexAsync(linked.Token).ConfigureAwait(false);
                return await RestoreLockedAsync(snapshot, options, progress, linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (held.IsLost && !cancellationToken.IsCancellationRequested)
            {
                throw held.CreateLostException();
            }
        }
    }

    private async Task<RestoreResult> RestoreLockedAsync(Snapshot snapshot, RestoreOptions options, IProgress<RestoreProgress>? progress, CancellationToken cancellationToken)
    {
        var time = _repository.TimeProvider;
        var started = time.GetTimestamp();
        var plan = await PlanAsync(snapshot, options, cancellationToken).ConfigureAwait(false);
        if (_logger.IsEnabled(LogLevel.Information))
        {
            LogPlanned(snapshot.Id, plan.Entries.Count, plan.FileCount, plan.TotalBytes, plan.Packs.Count);
        }

        // A single entry restored under a new name is created in the target's parent, named as the target's last component.
        var targetDirectory = plan.SingleEntry ? Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(options.Target)))! : options.Target;
        using var target = RestoreTarget.Open(targetDirectory);
        using var executor = new RestoreExecutor(_repository.Blobs, plan, options, progress, target, options.Resume ? _repository.CreateChunker() : null);
        var result = await executor.RunAsync(cancellationToken).ConfigureAwait(false);
        result = result with { RestoreDuration = time.GetElapsedTime(started) };
        foreach (var issue in result.Skipped)
        {
            LogSkipped(issue.Path, issue.Reason);
        }

        if (options.Verify)
        {
            if (BeforeVerify is { } hook)
            {
                await hook(cancellationToken).ConfigureAwait(false);
            }

            var verification = await new RestoreVerifier(_repository.Blobs, plan, options.MaxConcurrency)
                .VerifyAsync(target, executor.Restored, cancellationToken).ConfigureAwait(false);
            result = result with { Verified = verification };
        }

        result = result with { Duration = time.GetElapsedTime(started) };
        if (_logger.IsEnabled(LogLevel.Information))
        {
            LogRestored(snapshot.Id, result.FilesRestored, result.BytesWritten, result.Skipped.Count, result.Duration.TotalSeconds);
        }

        return result;
    }

    /// <summary>Verifies a target against a plan on its own, every entry of the plan expected present.</summary>
    internal async Task<RestoreVerification> VerifyAsync(RestorePlan plan, string target, int maxConcurrency = 2, CancellationToken cancellationToken = default)
    {
        using var handle = RestoreTarget.Open(target);
        return await new RestoreVerifier(_repository.Blobs, plan, maxConcurrency).VerifyAsync(handle, null, cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Restore of snapshot {SnapshotId} planned: {Entries} entries, {Files} files, {Bytes} bytes from {Packs} packs")]
    private partial void LogPlanned(ContentId snapshotId, int entries, long files, long bytes, int packs);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "Restore skipped '{Path}': {Reason}")]
    private partial void LogSkipped(string path, string reason);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Information, Message = "Restored snapshot {SnapshotId}: {Files} files, {Bytes} bytes, {Skipped} skipped, in {Seconds:F1} s")]
    private partial void LogRestored(ContentId snapshotId, long files, long bytes, int skipped, double seconds);
}
