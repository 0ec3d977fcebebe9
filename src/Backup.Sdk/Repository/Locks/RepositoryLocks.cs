using System.Diagnostics;
using System.Security.Cryptography;
using Backup.Sdk.Storage;

namespace Backup.Sdk.Repository.Locks;

/// <summary>
/// The locks of a repository (docs/format.md, "Locks"): take a shared or exclusive one, list them, remove stale ones.
/// Operations of the SDK that need a lock take it themselves; hosts use this to hold one across several operations or to
/// clean up after crashed processes.
/// </summary>
public sealed class RepositoryLocks
{
    internal const string Folder = "locks/";

    private readonly IStorageBackend _storage;
    private readonly LockOptions _options;
    private readonly TimeProvider _time;
    private readonly string _hostname;

    internal RepositoryLocks(IStorageBackend storage, LockOptions options, TimeProvider time)
    {
        _storage = storage;
        _options = options;
        _time = time;
        _hostname = options.Hostname ?? Environment.MachineName;
    }

    /// <summary>The timings in use.</summary>
    public LockOptions Options => _options;

    /// <summary>Takes a shared lock (backup, restore, check, forget).</summary>
    /// <exception cref="RepositoryLockedException">An exclusive lock is held by a live process.</exception>
    public Task<RepositoryLock> AcquireSharedAsync(CancellationToken cancellationToken = default) => AcquireAsync(LockKind.Shared, cancellationToken);

    /// <summary>Takes an exclusive lock (prune).</summary>
    /// <exception cref="RepositoryLockedException">Any other lock is held by a live process.</exception>
    public Task<RepositoryLock> AcquireExclusiveAsync(CancellationToken cancellationToken = default) => AcquireAsync(LockKind.Exclusive, cancellationToken);

    /// <summary>Lists the locks in the repository; objects that are not readable locks are listed as exclusive locks of an unknown holder.</summary>
    public async Task<IReadOnlyList<LockInfo>> ListAsync(CancellationToken cancellationToken = default)
    {
        var result = new List<LockInfo>();
        await foreach (var (info, _) in ReadAllAsync(null, cancellationToken).ConfigureAwait(false))
        {
            result.Add(info);
        }

        return result;
    }

    /// <summary>
    /// Removes the locks that are stale: those of a dead process on this host at once, the others after watching them stay
    /// unchanged for the stale timeout (so this call may take that long while some lock is in doubt). Live locks stay.
    /// </summary>
    /// <returns>The locks removed.</returns>
    public async Task<IReadOnlyList<LockInfo>> RemoveStaleAsync(CancellationToken cancellationToken = default)
    {
        var watch = new LockWatch(_time, _options);
        var removed = new List<LockInfo>();
        while (true)
        {
            var inDoubt = 0;
            await foreach (var (info, document) in ReadAllAsync(null, cancellationToken).ConfigureAwait(false))
            {
                switch (watch.Observe(info, document, IsDeadLocalProcess(info) ? false : null))
                {
                    case LockState.Stale:
                        await _storage.DeleteAsync(info.Name, cancellationToken).ConfigureAwait(false);
                        removed.Add(info);
                        break;
                    case LockState.Unknown:
                        inDoubt++;
                        break;
                }
            }

            if (inDoubt == 0)
            {
                return removed;
            }

            await Task.Delay(watch.PollInterval, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Removes every lock, live or not. Only for when every process using the repository is known to be stopped.</summary>
    /// <returns>The locks removed.</returns>
    public async Task<IReadOnlyList<LockInfo>> RemoveAllAsync(CancellationToken cancellationToken = default)
    {
        var all = await ListAsync(cancellationToken).ConfigureAwait(false);
        foreach (var info in all)
        {
            await _storage.DeleteAsync(info.Name, cancellationToken).ConfigureAwait(false);
        }

        return all;
    }

    private async Task<RepositoryLock> AcquireAsync(LockKind kind, CancellationToken cancellationToken)
    {
        var watch = new LockWatch(_time, _options);
        var started = _time.GetTimestamp();
        while (true)
        {
            var (name, document, takenAt) = await CreateOwnAsync(kind, cancellationToken).ConfigureAwait(false);
            LockInfo? liveHolder = null;
            LockInfo? doubtfulHolder = null;
            try
            {
                // Our lock is in storage before we look: of two racing acquirers at least one sees the other and backs off.
                await foreach (var (info, other) in ReadAllAsync(name, cancellationToken).ConfigureAwait(false))
                {
                    if (kind == LockKind.Shared && info.Kind == LockKind.Shared)
                    {
                        continue;
                    }

                    switch (watch.Observe(info, other, IsDeadLocalProcess(info) ? false : IsLiveLocalProcess(info) ? true : null))
                    {
                        case LockState.Stale:
                            await _storage.DeleteAsync(info.Name, cancellationToken).ConfigureAwait(false);
                            break;
                        case LockState.Live:
                            liveHolder ??= info;
                            break;
                        default:
                            doubtfulHolder ??= info;
                            break;
                    }
                }
            }
            catch
            {
                await _storage.DeleteAsync(name, CancellationToken.None).ConfigureAwait(false);
                throw;
            }

            if (liveHolder is null && doubtfulHolder is null)
            {
                var held = new RepositoryLock(_storage, name, document, _options, _time, takenAt);
                held.StartRefreshing();
                return held;
            }

            // Back off without holding anything, so that the holder (or another acquirer) is not blocked by us.
            await _storage.DeleteAsync(name, CancellationToken.None).ConfigureAwait(false);
            var waited = _time.GetElapsedTime(started);
            if (liveHolder is not null && waited >= _options.WaitTimeout)
            {
                throw new RepositoryLockedException(_storage.Location, liveHolder);
            }

            if (waited >= _options.WaitTimeout + watch.LongestStaleTimeout + _options.RefreshInterval)
            {
                throw new RepositoryLockedException(_storage.Location, (liveHolder ?? doubtfulHolder)!);
            }

            // Jitter keeps two acquirers that back off from each other from meeting again in lockstep.
            var jitter = 0.75 + (RandomNumberGenerator.GetInt32(1000) / 2000.0);
            await Task.Delay(watch.PollInterval * jitter, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<(string Name, LockDocument Document, long TakenAt)> CreateOwnAsync(LockKind kind, CancellationToken cancellationToken)
    {
        var name = Folder + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var document = new LockDocument
        {
            Version = LockDocument.CurrentVersion,
            Kind = LockDocument.KindText(kind),
            Hostname = _hostname,
            Username = Environment.UserName,
            Pid = Environment.ProcessId,
            Created = _time.GetLocalNow(),
            RefreshIntervalMs = (long)_options.RefreshInterval.TotalMilliseconds,
            StaleTimeoutMs = (long)_options.StaleTimeout.TotalMilliseconds,
        };
        var takenAt = _time.GetTimestamp();
        await _storage.PutAsync(name, document.Encode(), PutMode.CreateOnly, cancellationToken).ConfigureAwait(false);
        return (name, document, takenAt);
    }

    private async IAsyncEnumerable<(LockInfo Info, byte[] Content)> ReadAllAsync(string? except, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var names = new List<string>();
        await foreach (var info in _storage.ListAsync(Folder, cancellationToken).ConfigureAwait(false))
        {
            if (info.Name != except)
            {
                names.Add(info.Name);
            }
        }

        foreach (var name in names)
        {
            byte[] content;
            try
            {
                content = await _storage.GetAsync(name, cancellationToken).ConfigureAwait(false);
            }
            catch (ObjectNotFoundException)
            {
                continue; // Released since the listing.
            }

            var document = LockDocument.TryDecode(content);
            yield return (document is null
                ? new LockInfo(name, LockKind.Exclusive, "(unreadable lock)", 0, 0, default)
                : new LockInfo(name, document.ParsedKind, document.Hostname, document.Pid, document.Sequence, document.Created), content);
        }
    }

    private bool IsLocal(LockInfo info) => info.Pid > 0 && string.Equals(info.Hostname, _hostname, StringComparison.Ordinal);

    private bool IsDeadLocalProcess(LockInfo info) => IsLocal(info) && !ProcessExists(info.Pid);

    private bool IsLiveLocalProcess(LockInfo info) => IsLocal(info) && info.Pid != Environment.ProcessId && ProcessExists(info.Pid);

    private static bool ProcessExists(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
