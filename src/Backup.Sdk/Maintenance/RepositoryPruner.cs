using Backup.Sdk.Repository;
using Backup.Sdk.Repository.Index;
using Backup.Sdk.Repository.Locks;
using Backup.Sdk.Repository.Packs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Backup.Sdk.Maintenance;

/// <summary>
/// Frees the space of blobs that no snapshot references, under an exclusive lock (docs/architecture.md, "Prune").
/// </summary>
/// <remarks>
/// Crash safety comes from the order of the steps: new packs are uploaded, then the new index (its last file supersedes
/// every old one), then the old index files are deleted, then the old packs. Stopped at any point, every blob a snapshot
/// needs is listed by a live index file in a pack that exists, and the next prune finishes the job.
/// </remarks>
public sealed partial class RepositoryPruner : IRepositoryPruner
{
    private const int BlobsPerIndexFile = 100_000;

    private readonly BackupRepository _repository;
    private readonly ILogger<RepositoryPruner> _logger;

    /// <summary>Creates a pruner for an opened repository.</summary>
    public RepositoryPruner(BackupRepository repository, ILogger<RepositoryPruner>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(repository);
        _repository = repository;
        _logger = logger ?? NullLogger<RepositoryPruner>.Instance;
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    /// <exception cref="RepositoryLockedException">Another process uses the repository.</exception>
    /// <exception cref="RepositoryLockLostException">The exclusive lock could not be kept; the prune stopped at a consistent point.</exception>
    /// <exception cref="PruneAbortedException">What is in use could not be established; nothing was changed.</exception>
    public async Task<PruneResult> PruneAsync(PruneOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var started = _repository.TimeProvider.GetTimestamp();

        // A dry run changes nothing, so a shared lock is enough to read a consistent picture.
        var held = options.DryRun
            ? await _repository.Locks.AcquireSharedAsync(cancellationToken).ConfigureAwait(false)
            : await _repository.Locks.AcquireExclusiveAsync(cancellationToken).ConfigureAwait(false);
        await using (held.ConfigureAwait(false))
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, held.LostToken);
            try
            {
                var plan = await PrunePlanner.PlanAsync(_repository, options, linked.Token).ConfigureAwait(false);
                LogPlanned(plan.Unused.Count, plan.Unreferenced.Count, plan.Repack.Count, plan.KeptPacks.Count);
                var written = options.DryRun || plan.IsEmpty ? [] : await ExecuteAsync(plan, held, options, linked.Token).ConfigureAwait(false);
                return Summarize(plan, written, options.DryRun, _repository.Blobs.PackSize) with { Duration = _repository.TimeProvider.GetElapsedTime(started) };
            }
            catch (OperationCanceledException) when (held.IsLost && !cancellationToken.IsCancellationRequested)
            {
                throw held.CreateLostException();
            }
        }
    }

    private async Task<List<IndexedPack>> ExecuteAsync(PrunePlan plan, RepositoryLock held, PruneOptions options, CancellationToken cancellationToken)
    {
        var storage = _repository.Storage;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.MaxConcurrency, CancellationToken = cancellationToken };

        // 1. New packs: unreferenced until an index lists them, so a crash here leaves only garbage for the next prune.
        var written = plan.Repack.Count > 0
            ? await PackRepacker.RepackAsync(_repository, plan.Repack, options.MaxConcurrency, cancellationToken).ConfigureAwait(false)
            : [];

        if (plan.RewriteIndex)
        {
            // 2. The new index. Only its last file supersedes the old ones: until that file is stored, the old index
            // stays in force, and the new files merely list packs a second time.
            await held.EnsureHeldAsync(cancellationToken).ConfigureAwait(false);
            List<IndexedPack> all = [.. plan.KeptPacks, .. written];
            var chunks = Chunk(all);
            var newFiles = new List<ContentId>();
            for (var i = 0; i < chunks.Count; i++)
            {
                var supersedes = i == chunks.Count - 1 ? plan.IndexFiles : [];
                newFiles.Add(await _repository.Blobs.SaveIndexFileAsync(supersedes, chunks[i], cancellationToken).ConfigureAwait(false));
            }

            _repository.Blobs.ResetIndex(all, newFiles);

            // 3. The old index files, now superseded.
            await held.EnsureHeldAsync(cancellationToken).ConfigureAwait(false);
            await Parallel.ForEachAsync(plan.IndexFiles, parallel, async (id, ct) =>
                await storage.DeleteAsync("index/" + id, ct).ConfigureAwait(false)).ConfigureAwait(false);
        }

        // 4. The packs no index lists any more.
        await held.EnsureHeldAsync(cancellationToken).ConfigureAwait(false);
        var doomed = plan.Unused.Select(p => p.Id).Concat(plan.Repack.Select(r => r.Pack.Id)).Concat(plan.Unreferenced.Select(p => p.Id));
        await Parallel.ForEachAsync(doomed, parallel, async (id, ct) =>
            await storage.DeleteAsync(PackLayout.NameOf(id), ct).ConfigureAwait(false)).ConfigureAwait(false);
        return written;
    }

    private static List<List<IndexedPack>> Chunk(List<IndexedPack> packs)
    {
        var chunks = new List<List<IndexedPack>> { new() };
        var blobs = 0;
        foreach (var pack in packs)
        {
            if (blobs > 0 && blobs + pack.Blobs.Count > BlobsPerIndexFile)
            {
                chunks.Add([]);
                blobs = 0;
            }

            chunks[^1].Add(pack);
            blobs += pack.Blobs.Count;
        }

        return chunks;
    }

    private static PruneResult Summarize(PrunePlan plan, List<IndexedPack> written, bool dryRun, int packSize)
    {
        long freed = 0, removed = 0, repackedBlobs = 0, repackedBytes = 0;
        foreach (var pack in plan.Unused)
        {
            freed += pack.StoredLength;
            removed += pack.BlobCount;
        }

        foreach (var pack in plan.Unreferenced)
        {
            freed += pack.StoredLength;
        }

        foreach (var item in plan.Repack)
        {
            freed += item.StoredLength;
            removed += item.Pack.Blobs.Count - item.Keep.Count;
            repackedBlobs += item.Keep.Count;
            foreach (var blob in item.Keep)
            {
                repackedBytes += blob.Length;
            }
        }

        const int PackOverhead = PackLayout.HeaderLength + 4 + PackLayout.TagLength + PackLayout.TrailerLength;
        foreach (var pack in written)
        {
            long length = PackOverhead + ((long)pack.Blobs.Count * PackLayout.EntryLength);
            foreach (var blob in pack.Blobs)
            {
                length += blob.Length;
            }

            freed -= length;
        }

        if (dryRun && repackedBlobs > 0)
        {
            // Not written: the blobs keep their stored size when sealed again; the pack count is estimated.
            var packs = (repackedBytes + packSize - 1) / packSize;
            freed -= repackedBytes + (packs * PackOverhead) + (repackedBlobs * PackLayout.EntryLength);
        }

        return new PruneResult
        {
            DryRun = dryRun,
            SnapshotsKept = plan.SnapshotCount,
            PacksDeleted = plan.Unused.Count + plan.Unreferenced.Count,
            UnreferencedPacksDeleted = plan.Unreferenced.Count,
            PacksRepacked = plan.Repack.Count,
            PacksWritten = written.Count,
            PacksKept = plan.KeptPacks.Count,
            BlobsRemoved = removed,
            BlobsRepacked = repackedBlobs,
            BytesRepacked = repackedBytes,
            BytesFreed = freed,
            UnusedBytesRemaining = plan.UnusedBytesRemaining,
            IndexFilesReplaced = plan.RewriteIndex ? plan.IndexFiles.Count : 0,
        };
    }

    [LoggerMessage(EventId = 6500, Level = LogLevel.Information, Message = "Prune plan: {Unused} unused and {Unreferenced} unreferenced packs to delete, {Repack} to repack, {Kept} to keep")]
    private partial void LogPlanned(int unused, int unreferenced, int repack, int kept);
}
