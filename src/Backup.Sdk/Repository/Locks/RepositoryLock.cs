using Backup.Sdk.Storage;

namespace Backup.Sdk.Repository.Locks;

/// <summary>
/// A lock this process holds. It is refreshed in the background every <see cref="LockOptions.RefreshInterval"/>; when
/// refreshes fail for <see cref="LockOptions.AbortAfter"/> (or the lock disappears) it is lost: <see cref="LostToken"/>
/// is cancelled and <see cref="EnsureHeldAsync"/> throws <see cref="RepositoryLockLostException"/>. Dispose to release.
/// </summary>
public sealed class RepositoryLock : IAsyncDisposable
{
    private readonly IStorageBackend _storage;
    private readonly LockDocument _document;
    private readonly LockOptions _options;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _lost = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private long _lastSuccess;
    private string? _lostReason;
    private Task _refreshLoop = Task.CompletedTask;
    private int _disposed;

    internal RepositoryLock(IStorageBackend storage, string name, LockDocument document, LockOptions options, TimeProvider time, long takenAt)
    {
        _storage = storage;
        Name = name;
        _document = document;
        _options = options;
        _time = time;
        _lastSuccess = takenAt;
    }

    /// <summary>The storage name, <c>locks/&lt;id&gt;</c>.</summary>
    public string Name { get; }

    /// <summary>Shared or exclusive.</summary>
    public LockKind Kind => _document.ParsedKind;

    /// <summary>Cancelled when the lock is lost; link it into the work that the lock protects.</summary>
    public CancellationToken LostToken => _lost.Token;

    /// <summary>Whether the lock was lost.</summary>
    public bool IsLost => _lost.IsCancellationRequested;

    /// <summary>
    /// Throws unless the lock is fresh (refreshed within <see cref="LockOptions.AbortAfter"/>) and still in storage. Call it
    /// right before writing anything that others will rely on (an index, a snapshot) or deleting anything.
    /// </summary>
    /// <exception cref="RepositoryLockLostException">The lock was lost.</exception>
    public async Task EnsureHeldAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfStale();
        if (await _storage.StatAsync(Name, cancellationToken).ConfigureAwait(false) is null)
        {
            Lose("it was removed from the repository");
        }

        ThrowIfStale();
    }

    /// <summary>The exception that tells why the lock was lost (for work stopped through <see cref="LostToken"/>).</summary>
    public RepositoryLockLostException CreateLostException() => new(Name, _lostReason ?? "it was released");

    /// <summary>Stops refreshing and removes the lock.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _refreshLoop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        try
        {
            await _storage.DeleteAsync(Name, CancellationToken.None).ConfigureAwait(false);
        }
        catch (BackupException)
        {
            // Left behind, it turns stale once nobody refreshes it; `unlock` or the next exclusive acquirer removes it.
        }

        _stop.Dispose();
        _lost.Dispose();
    }

    internal void StartRefreshing() => _refreshLoop = Task.Run(() => RefreshLoopAsync(_stop.Token), CancellationToken.None);

    private void ThrowIfStale()
    {
        if (!IsLost && _time.GetElapsedTime(Interlocked.Read(ref _lastSuccess)) >= _options.AbortAfter)
        {
            Lose($"it was last refreshed more than {_options.AbortAfter} ago");
        }

        if (IsLost)
        {
            throw CreateLostException();
        }
    }

    private void Lose(string reason)
    {
        lock (_gate)
        {
            _lostReason ??= reason;
        }

        try
        {
            _lost.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private async Task RefreshLoopAsync(CancellationToken stop)
    {
        var lastAttempt = Interlocked.Read(ref _lastSuccess);
        while (!stop.IsCancellationRequested && !IsLost)
        {
            var untilAbort = _options.AbortAfter - _time.GetElapsedTime(Interlocked.Read(ref _lastSuccess));
            var untilRefresh = _options.RefreshInterval - _time.GetElapsedTime(lastAttempt);
            var wait = untilRefresh < untilAbort ? untilRefresh : untilAbort;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, _time, stop).ConfigureAwait(false);
            }

            if (_time.GetElapsedTime(Interlocked.Read(ref _lastSuccess)) >= _options.AbortAfter)
            {
                Lose($"it could not be refreshed for {_options.AbortAfter}");
                return;
            }

            if (_time.GetElapsedTime(lastAttempt) < _options.RefreshInterval)
            {
                continue;
            }

            // The attempt's start, not its end, counts as the refresh time: an observer may have read the previous
            // content just before this write landed, and its stale timeout runs from no later than this moment.
            var attemptStart = _time.GetTimestamp();
            lastAttempt = attemptStart;
            try
            {
                var remaining = _options.AbortAfter - _time.GetElapsedTime(Interlocked.Read(ref _lastSuccess));
                await RefreshOnceAsync(stop).WaitAsync(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero, _time, stop).ConfigureAwait(false);
                Interlocked.Exchange(ref _lastSuccess, attemptStart);
            }
            catch (TimeoutException)
            {
                Lose($"a refresh did not complete within {_options.AbortAfter}");
                return;
            }
            catch (LockMissingException)
            {
                Lose("it was removed from the repository (taken as stale by another process, or unlocked by hand)");
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Transient storage trouble: the next attempt may succeed; AbortAfter bounds how long this can go on.
                lastAttempt = _time.GetTimestamp() - (long)(_options.RefreshInterval.TotalSeconds * 0.75 * _time.TimestampFrequency);
            }
        }
    }

    private async Task RefreshOnceAsync(CancellationToken cancellationToken)
    {
        // Never recreate a removed lock: whoever removed it may already be deleting what it protected.
        if (await _storage.StatAsync(Name, cancellationToken).ConfigureAwait(false) is null)
        {
            throw new LockMissingException();
        }

        _document.Sequence++;
        await _storage.PutAsync(Name, _document.Encode(), PutMode.Overwrite, cancellationToken).ConfigureAwait(false);
    }

    private sealed class LockMissingException : Exception
    {
    }
}
