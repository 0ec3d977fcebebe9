using System.Collections.Concurrent;
using System.Runtime.Versioning;
using System.Threading.Channels;
using Backup.Sdk.ChangeDetection;
using Backup.Sdk.Chunking;
using Backup.Sdk.Repository;
using Backup.Sdk.Sources.Filtering;
using Microsoft.Extensions.Logging;

namespace Backup.Sdk.Backups;

/// <summary>
/// The state of one backup run shared by the walker and the file workers: the bounded queue of files, the counters, the
/// errors, and the first failure (which stops everything).
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class BackupSession
{
    private readonly Channel<FileJob> _queue;
    private readonly ConcurrentQueue<BackupError> _errors = new();
    private readonly CancellationTokenSource _stop;
    private readonly ILogger _logger;
    private readonly int _maxWalksAside;
    private Exception? _failure;
    private int _rootsFound;
    private int _activeWalksAside;

    public BackupSession(
        BackupRepository repository,
        IBackupSourceAccess access,
        IChangeDetector detector,
        PathFilter filter,
        FileBackupOptions options,
        bool useParent,
        ProgressThrottle progress,
        BackupCounters counters,
        ILogger logger,
        CancellationTokenSource stop)
    {
        Repository = repository;
        Access = access;
        Detector = detector;
        Filter = filter;
        Options = options;
        UseParent = useParent;
        Progress = progress;
        Counters = counters;
        Chunker = repository.CreateChunker();
        _maxWalksAside = Math.Max(1, options.MaxConcurrency - 1);
        _logger = logger;
        _stop = stop;
        _queue = Channel.CreateBounded<FileJob>(new BoundedChannelOptions(options.QueueCapacity)
        {
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    public BackupRepository Repository { get; }

    public IBackupSourceAccess Access { get; }

    public IChangeDetector Detector { get; }

    public PathFilter Filter { get; }

    public FileBackupOptions Options { get; }

    public bool UseParent { get; }

    public ProgressThrottle Progress { get; }

    public BackupCounters Counters { get; }

    public IChunker Chunker { get; }

    public Exception? Failure => Volatile.Read(ref _failure);

    public void AddError(string path, string message)
    {
        _errors.Enqueue(new BackupError(path, message));
        BackupLog.EntryError(_logger, path, message);
    }

    public IReadOnlyList<BackupError> SortedErrors()
    {
        var errors = _errors.ToArray();
        Array.Sort(errors, static (a, b) => string.CompareOrdinal(a.Path, b.Path));
        return errors;
    }

    /// <summary>Queues a file for a worker; waits while the queue is full (this is what bounds memory).</summary>
    /// <returns>Once queued: a task for the file's content.</returns>
    public async Task<Task<FileContent?>> SubmitAsync(SharedDirectory directory, byte[] name, string displayPath, Sources.FileSystem.FileEntryInfo info, CancellationToken cancellationToken)
    {
        var job = new FileJob(directory, name, displayPath, info);
        directory.AddReference();
        try
        {
            await _queue.Writer.WriteAsync(job, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            directory.Release();
            throw;
        }

        return job.Completion.Task;
    }

    /// <summary>Takes a slot for walking a subdirectory on another thread; <see langword="false"/> when all are taken (walk it inline).</summary>
    public bool TryStartWalkAside()
    {
        var active = Volatile.Read(ref _activeWalksAside);
        while (active < _maxWalksAside)
        {
            var seen = Interlocked.CompareExchange(ref _activeWalksAside, active + 1, active);
            if (seen == active)
            {
                return true;
            }

            active = seen;
        }

        return false;
    }

    public void EndWalkAside() => Interlocked.Decrement(ref _activeWalksAside);

    /// <summary>
    /// Waits until no walk aside runs any more (after the run was stopped: each ends at its next cancellation check), so
    /// that none touches the repository after the run returns. Polls: it runs once, on failure only.
    /// </summary>
    public async Task WaitForWalksAsideAsync()
    {
        while (Volatile.Read(ref _activeWalksAside) > 0)
        {
            await Task.Delay(5, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>Notes that a backed-up path exists (a run in which none does fails).</summary>
    public void RootFound() => Interlocked.Increment(ref _rootsFound);

    public int RootsFound => Volatile.Read(ref _rootsFound);

    /// <summary>Starts the file workers.</summary>
    public Task[] StartWorkers(CancellationToken cancellationToken)
    {
        var reader = new SourceFileReader(this);
        var workers = new Task[Options.MaxConcurrency];
        for (var i = 0; i < workers.Length; i++)
        {
            workers[i] = Task.Run(() => RunWorkerAsync(reader, cancellationToken), CancellationToken.None);
        }

        return workers;
    }

    /// <summary>Records the first failure that is not a source problem and stops the walker and the workers.</summary>
    public async Task FailAsync(Exception failure)
    {
        Interlocked.CompareExchange(ref _failure, failure, null);
        await _stop.CancelAsync().ConfigureAwait(false);
    }

    public void CompleteQueue() => _queue.Writer.TryComplete();

    /// <summary>Fails the jobs nobody will take (after the workers stopped), so that nothing waits for them.</summary>
    public void DrainQueue()
    {
        while (_queue.Reader.TryRead(out var job))
        {
            job.Completion.TrySetCanceled();
            job.Directory.Release();
        }
    }

    private async Task RunWorkerAsync(SourceFileReader reader, CancellationToken cancellationToken)
    {
        while (await WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            while (_queue.Reader.TryRead(out var job))
            {
                try
                {
                    job.Completion.TrySetResult(await reader.ReadAsync(job, cancellationToken).ConfigureAwait(false));
                }
                catch (OperationCanceledException ex)
                {
                    job.Completion.TrySetCanceled(ex.CancellationToken);
                    return;
                }
                catch (Exception ex)
                {
                    // Not a source problem (those are errors in the result): storage, repository or a bug. Stop the run.
                    job.Completion.TrySetException(ex);
                    await FailAsync(ex).ConfigureAwait(false);
                    return;
                }
                finally
                {
                    job.Directory.Release();
                }
            }
        }
    }

    private async Task<bool> WaitToReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _queue.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
