using Backup.Sdk.Repository;
using Backup.Sdk.Repository.Index;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Backup.Sdk.Validation;

/// <summary>
/// Checks an opened repository: that every index file loads, every listed pack exists and holds what the index says, every
/// snapshot loads, every tree of every snapshot loads and every blob a tree needs is listed; with
/// <see cref="CheckOptions.ReadData"/>, that every blob reads back intact. Each problem names the object at fault and the
/// snapshots and paths that need it. Read-only: a check never changes the repository.
/// </summary>
public sealed class RepositoryChecker
{
    private readonly BackupRepository _repository;
    private readonly ILogger _logger;

    /// <summary>Creates a checker for an opened repository. Its in-memory index need not be loaded: the check reads index files itself.</summary>
    /// <param name="repository">The repository to check.</param>
    /// <param name="logger">Where problems and the summary are logged; nowhere when <see langword="null"/>.</param>
    public RepositoryChecker(BackupRepository repository, ILogger<RepositoryChecker>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(repository);
        _repository = repository;
        _logger = logger ?? NullLogger<RepositoryChecker>.Instance;
    }

    /// <summary>Runs the check.</summary>
    /// <param name="options">What to check.</param>
    /// <param name="progress">Receives progress per index file, pack and snapshot; may be <see langword="null"/>.</param>
    /// <param name="cancellationToken">Stops the check.</param>
    /// <returns>What was checked and every problem found; damage is reported there, not thrown.</returns>
    /// <exception cref="ArgumentException"><paramref name="options"/> is out of range.</exception>
    /// <exception cref="BackupException">Storage could not be listed or read (as opposed to an object being damaged).</exception>
    /// <exception cref="RepositoryLockedException">A prune holds the repository.</exception>
    /// <exception cref="RepositoryLockLostException">The check's shared lock could not be kept.</exception>
    public async Task<CheckReport> CheckAsync(CheckOptions options, IProgress<CheckProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();

        // Shared: a prune rewriting the index and deleting packs meanwhile would show up as damage that is not there.
        var held = await _repository.Locks.AcquireSharedAsync(cancellationToken).ConfigureAwait(false);
        await using (held.ConfigureAwait(false))
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, held.LostToken);
            try
            {
                return await CheckLockedAsync(options, progress, linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (held.IsLost && !cancellationToken.IsCancellationRequested)
            {
                throw held.CreateLostException();
            }
        }
    }

    private async Task<CheckReport> CheckLockedAsync(CheckOptions options, IProgress<CheckProgress>? progress, CancellationToken cancellationToken)
    {
        var started = _repository.TimeProvider.GetTimestamp();
        CheckLog.Started(_logger, _repository.Storage.Location, options.ReadsData);

        var ledger = new ProblemLedger();
        var blobs = _repository.Blobs;
        var storage = _repository.Storage;

        var inventory = await IndexInventory.LoadAsync(blobs, ledger, options.MaxConcurrency, (done, total) => progress?.Report(new CheckProgress(CheckPhase.Indexes, done, total, 0)), cancellationToken).ConfigureAwait(false);

        var unusablePacks = new HashSet<ContentId>();
        var unindexedBlobs = await PackStructureCheck.RunAsync(blobs, storage, inventory, ledger, unusablePacks, options.MaxConcurrency, (done, total) => progress?.Report(new CheckProgress(CheckPhase.Packs, done, total, 0)), cancellationToken).ConfigureAwait(false);

        long bytesRead = 0;
        var packsRead = 0;
        if (options.ReadsData)
        {
            var subset = options.ReadDataSubset;
            (bytesRead, packsRead) = await PackDataCheck.RunAsync(blobs, storage, inventory, ledger, unusablePacks, options.MaxConcurrency, subset, options.Random, (done, total, bytes) => progress?.Report(new CheckProgress(CheckPhase.Data, done, total, bytes)), cancellationToken).ConfigureAwait(false);
        }

        // Healthy packs first: a blob with a good copy anywhere is then served from it and is not counted as lost.
        var index = new BlobIndex();
        index.Add(inventory.Packs.Values.Where(p => !ledger.HasBadCopies(p.Id)).ToList());
        index.Add(inventory.Packs.Values.Where(p => ledger.HasBadCopies(p.Id)).ToList());
        ledger.ResolveBadBlobs(index);

        var walk = new SnapshotWalk(blobs, storage, index, ledger, unindexedBlobs);
        var snapshotsChecked = await WalkSnapshotsAsync(walk, ledger, bytesRead, progress, cancellationToken).ConfigureAwait(false);

        var problems = ledger.ToProblems();
        foreach (var problem in problems)
        {
            CheckLog.ProblemFound(_logger, problem.Kind, problem.ObjectName, problem.Message);
        }

        var report = new CheckReport
        {
            SnapshotsChecked = snapshotsChecked,
            TreesChecked = walk.TreesChecked,
            BlobsReferenced = walk.Referenced.Count,
            PacksChecked = inventory.Packs.Count,
            IndexFilesChecked = inventory.FilesChecked,
            BytesRead = bytesRead,
            PacksRead = packsRead,
            Duration = _repository.TimeProvider.GetElapsedTime(started),
            Problems = problems,
        };
        CheckLog.Finished(_logger, report.SnapshotsChecked, report.TreesChecked, report.PacksChecked, report.IndexFilesChecked, report.Duration, problems.Count);
        return report;
    }

    private async Task<int> WalkSnapshotsAsync(SnapshotWalk walk, ProblemLedger ledger, long bytesRead, IProgress<CheckProgress>? progress, CancellationToken cancellationToken)
    {
        var ids = new List<ContentId>();
        await foreach (var id in _repository.Snapshots.ListIdsAsync(cancellationToken).ConfigureAwait(false))
        {
            ids.Add(id);
        }

        ids.Sort();
        var checkedCount = 0;
        foreach (var id in ids)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Repository.Snapshots.Snapshot snapshot;
            try
            {
                snapshot = await _repository.Snapshots.LoadAsync(id, cancellationToken).ConfigureAwait(false);
            }
            catch (ObjectNotFoundException)
            {
                // Forgotten since the listing: nothing to check.
                continue;
            }
            catch (Exception ex) when (DamageText.IsDamage(ex))
            {
                checkedCount++;
                ledger.Add(CheckProblemKind.DamagedSnapshot, "snapshots/" + id, null, DamageText.Describe(ex)).RecordImpact(id, null);
                continue;
            }

            checkedCount++;
            await walk.WalkAsync(id, snapshot.Tree, cancellationToken).ConfigureAwait(false);
            progress?.Report(new CheckProgress(CheckPhase.Snapshots, checkedCount, ids.Count, bytesRead));
        }

        return checkedCount;
    }
}
