using System.Reflection;
using System.Runtime.ExceptionServices;
using System.Runtime.Versioning;
using Backup.Sdk.ChangeDetection;
using Backup.Sdk.Repository;
using Backup.Sdk.Repository.Locks;
using Backup.Sdk.Repository.Snapshots;
using Backup.Sdk.Sources.Filtering;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Backup.Sdk.Backups;

/// <summary>
/// Backs up file trees into an opened repository and writes one snapshot: the backup command (see
/// docs/architecture.md, "Backup pipeline and memory bound").
/// </summary>
/// <remarks>
/// Call <see cref="BlobStore.LoadIndexAsync"/> once after opening the repository, so that known blobs are deduplicated.
/// Order on storage: packs, then their index, then the snapshot; a run that fails or is cancelled writes no snapshot, but
/// the index of the packs already uploaded is written (best effort) so that the next run reuses them.
/// </remarks>
[SupportedOSPlatform("linux")]
public sealed class FileBackup
{
    private static readonly TimeSpan IndexWriteOnStop = TimeSpan.FromSeconds(15);
    private readonly BackupRepository _repository;
    private readonly IChangeDetector _detector;
    private readonly ILogger<FileBackup> _logger;

    /// <summary>Creates the command for a repository.</summary>
    /// <param name="repository">The opened repository.</param>
    /// <param name="detector">Decides which files are read; <see cref="MetadataChangeDetector"/> by default.</param>
    /// <param name="logger">Logs the run; nothing by default.</param>
    public FileBackup(BackupRepository repository, IChangeDetector? detector = null, ILogger<FileBackup>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(repository);
        _repository = repository;
        _detector = detector ?? MetadataChangeDetector.Instance;
        _logger = logger ?? NullLogger<FileBackup>.Instance;
    }

    /// <summary>The file system seam (tests make entries fail, change or move devices through it).</summary>
    internal IBackupSourceAccess SourceAccess { get; init; } = LinuxBackupSourceAccess.Instance;

    /// <summary>Backs up the paths and saves a snapshot.</summary>
    /// <param name="options">What to back up.</param>
    /// <param name="progress">Receives progress at most every <see cref="FileBackupOptions.ProgressInterval"/>.</param>
    /// <param name="cancellationToken">Stops the run; no snapshot is written.</param>
    /// <returns>The snapshot, its counters and the entries that could not be backed up as they were.</returns>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    /// <exception cref="BackupSourceNotFoundException">None of the paths exists.</exception>
    /// <exception cref="ObjectNotFoundException">The explicit parent snapshot does not exist.</exception>
    /// <exception cref="RepositoryLockedException">A prune holds the repository.</exception>
    /// <exception cref="RepositoryLockLostException">The backup's shared lock could not be kept; no snapshot was written.</exception>
    public async Task<FileBackupResult> RunAsync(FileBackupOptions options, IProgress<BackupProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();

        // A shared lock keeps a prune from deleting the packs this backup uploads before its index and snapshot refer to them.
        var held = await _repository.Locks.AcquireSharedAsync(cancellationToken).ConfigureAwait(false);
        await using (held.ConfigureAwait(false))
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, held.LostToken);
            try
            {
                // The index loaded before the lock may list blobs that a prune has deleted since.
                await _repository.Blobs.RefreshIndexAsync(linked.Token).ConfigureAwait(false);
                return await RunLockedAsync(options, progress, held, linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (held.IsLost && !cancellationToken.IsCancellationRequested)
            {
                throw held.CreateLostException();
            }
        }
    }

    private async Task<FileBackupResult> RunLockedAsync(FileBackupOptions options, IProgress<BackupProgress>? progress, RepositoryLock held, CancellationToken cancellationToken)
    {
        var time = _repository.TimeProvider;
        var start = time.GetLocalNow();
        var paths = NormalizePaths(options.Paths);
        var hostname = options.Hostname ?? Environment.MachineName;
        var filter = BackupFilter.Create(options);
        var selection = await ParentSelector.SelectAsync(_repository, options, hostname, paths, cancellationToken).ConfigureAwait(false);
        var (level, parent, previousRoot) = (selection.Level, selection.Parent, selection.ParentRoot);
        BackupLog.Started(_logger, paths.Count, level, parent?.Id);
        if (selection.FallbackReason is { } reason)
        {
            BackupLog.LevelFallback(_logger, options.Level ?? BackupLevel.Incremental, reason);
        }

        var counters = new BackupCounters();
        var throttle = new ProgressThrottle(progress, counters, time, options.ProgressInterval);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var session = new BackupSession(_repository, SourceAccess, _detector, filter, options, parent is not null, throttle, counters, _logger, stop);
        var workers = session.StartWorkers(stop.Token);
        var sources = SourceRoot.Build(paths);
        var scan = progress is null ? Task.CompletedTask : StartScan(sources, filter, options.OneFileSystem, throttle, stop.Token);
        ContentId rootTree;
        try
        {
            var builder = new RootTreeBuilder(session, new SourceTreeWalker(session));
            rootTree = await builder.BuildAsync(sources, previousRoot, parent?.Tree, stop.Token).ConfigureAwait(false);
            session.CompleteQueue();
            await Task.WhenAll(workers).ConfigureAwait(false);
            if (session.RootsFound == 0)
            {
                throw new BackupSourceNotFoundException(paths);
            }

            await held.EnsureHeldAsync(cancellationToken).ConfigureAwait(false);
            await _repository.Blobs.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            await StopAsync(session, stop, workers, ex).ConfigureAwait(false);
            await scan.ConfigureAwait(false);
            if (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested && session.Failure is { } failure)
            {
                ExceptionDispatchInfo.Throw(failure);
            }

            throw;
        }

        // The scan reads metadata only and is usually done long before the data; the last report then carries the totals.
        await scan.ConfigureAwait(false);
        throttle.Finish();
        var errors = session.SortedErrors();
        var summary = CreateSummary(counters, start, time.GetLocalNow(), errors.Count);
        var snapshot = new Snapshot
        {
            Time = options.Time ?? start,
            Hostname = hostname,
            Username = Environment.UserName,
            Paths = paths,
            Tags = [.. options.Tags],
            Level = level,
            Parent = parent?.Id,
            Tree = rootTree,
            Excludes = options.Excludes.Count > 0 ? [.. options.Excludes] : null,
            Program = ProgramName,
            Summary = summary,
        };
        await held.EnsureHeldAsync(cancellationToken).ConfigureAwait(false);
        await _repository.Snapshots.SaveAsync(snapshot, cancellationToken).ConfigureAwait(false);
        BackupLog.Finished(_logger, snapshot.Id, summary.TotalFilesProcessed, summary.DataAdded);
        return new FileBackupResult
        {
            Snapshot = snapshot,
            Summary = summary,
            Errors = errors,
            RequestedLevel = options.Level,
            LevelFallbackReason = selection.FallbackReason,
        };
    }

    private static string ProgramName =>
        "Backup.Sdk " + (typeof(FileBackup).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0");

    private static List<string> NormalizePaths(IEnumerable<string> paths)
    {
        var result = new List<string>();
        foreach (var path in paths)
        {
            var full = Path.GetFullPath(path);
            full = full.Length > 1 ? full.TrimEnd('/') : full;
            if (full.Length == 0)
            {
                full = "/";
            }

            if (!result.Contains(full, StringComparer.Ordinal))
            {
                result.Add(full);
            }
        }

        return result;
    }

    private static SnapshotSummary CreateSummary(BackupCounters counters, DateTimeOffset start, DateTimeOffset end, int errorCount) => new()
    {
        BackupStart = start,
        BackupEnd = end,
        FilesNew = counters.FilesNew,
        FilesChanged = counters.FilesChanged,
        FilesUnmodified = counters.FilesUnmodified,
        DirsNew = counters.DirsNew,
        DirsChanged = counters.DirsChanged,
        DirsUnmodified = counters.DirsUnmodified,
        DataAdded = counters.DataAdded,
        BlobsAdded = counters.BlobsAdded,
        TotalFilesProcessed = counters.TotalFiles,
        TotalBytesProcessed = counters.TotalBytes,
        BytesRead = counters.BytesRead,
        ErrorCount = errorCount,
    };

    /// <summary>Stops the workers, fails what is still queued, and writes the index of the uploaded packs (best effort).</summary>
    private async Task StopAsync(BackupSession session, CancellationTokenSource stop, Task[] workers, Exception cause)
    {
        BackupLog.Stopped(_logger, cause);
        await stop.CancelAsync().ConfigureAwait(false);
        await session.WaitForWalksAsideAsync().ConfigureAwait(false);
        session.CompleteQueue();
        await Task.WhenAll(workers).ConfigureAwait(false);
        session.DrainQueue();
        using var indexTimeout = new CancellationTokenSource(IndexWriteOnStop);
        try
        {
            await _repository.Blobs.FlushAsync(indexTimeout.Token).ConfigureAwait(false);
        }
        catch (Exception flushError) when (flushError is not OutOfMemoryException)
        {
            // Best effort: the packs stay in storage either way; without an index a later prune reclaims them.
            BackupLog.Stopped(_logger, flushError);
        }
    }

    /// <summary>Counts what the backup will go through, on its own thread, and hands the totals to progress.</summary>
    private static Task StartScan(SourceRoot sources, PathFilter filter, bool oneFileSystem, ProgressThrottle throttle, CancellationToken cancellationToken) =>
        Task.Factory.StartNew(
            () =>
            {
                var scanner = new SourceScanner(filter, oneFileSystem);
                try
                {
                    scanner.Scan(sources, cancellationToken);
                    throttle.SetTotals(scanner.Files, scanner.Bytes);
                }
#pragma warning disable CA1031 // The scan only feeds progress: whatever stops it, the totals stay unknown and the backup goes on.
                catch (Exception)
#pragma warning restore CA1031
                {
                    // Cancelled because the backup finished or stopped first, or the scan failed: no totals.
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
}
