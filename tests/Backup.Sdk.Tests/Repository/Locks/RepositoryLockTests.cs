using Backup.Sdk.Repository.Locks;
using Backup.Sdk.Storage;
using Backup.Sdk.Storage.InMemory;
using Backup.Sdk.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Backup.Sdk.Tests.Repository.Locks;

public class RepositoryLockTests
{
    private static readonly TimeSpan Refresh = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan Abort = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan Stale = TimeSpan.FromMinutes(5);

    private InMemoryStorageBackend _storage = null!;
    private FakeTimeProvider _time = null!;

    [SetUp]
    public void SetUp()
    {
        _storage = new InMemoryStorageBackend();
        _time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 8, 0, 0, TimeSpan.Zero));
    }

    private static LockOptions Options(string host, TimeSpan? wait = null) => new()
    {
        RefreshInterval = Refresh,
        AbortAfter = Abort,
        StaleTimeout = Stale,
        WaitTimeout = wait ?? TimeSpan.Zero,
        Hostname = host,
    };

    private RepositoryLocks Locks(string host, IStorageBackend? storage = null, TimeProvider? time = null, TimeSpan? wait = null) =>
        new(storage ?? _storage, Options(host, wait), time ?? _time);

    /// <summary>Advances fake time in small steps, letting the background loops run between them.</summary>
    private static async Task AdvanceAsync(FakeTimeProvider time, TimeSpan total, Func<bool>? until = null)
    {
        var step = TimeSpan.FromSeconds(5);
        for (var done = TimeSpan.Zero; done < total; done += step)
        {
            if (until?.Invoke() == true)
            {
                return;
            }

            time.Advance(step);
            await Task.Delay(2);
        }
    }

    private async Task<int> LockCountAsync()
    {
        var count = 0;
        await foreach (var unused in _storage.ListAsync("locks/"))
        {
            count++;
        }

        return count;
    }

    [Test]
    public async Task SharedLocks_Coexist_AndAreRemovedOnDispose()
    {
        var first = await Locks("a").AcquireSharedAsync();
        var second = await Locks("b").AcquireSharedAsync();
        Assert.That(await LockCountAsync(), Is.EqualTo(2));

        await first.DisposeAsync();
        await second.DisposeAsync();

        Assert.That(await LockCountAsync(), Is.Zero);
    }

    [Test]
    public async Task Exclusive_WhileRefreshedSharedLockIsHeld_FailsNamingTheHolder_AndLeavesNoLockOfItsOwn()
    {
        await using var backup = await Locks("backup-host").AcquireSharedAsync();

        var acquire = Locks("prune-host").AcquireExclusiveAsync();
        await AdvanceAsync(_time, Stale * 3, () => acquire.IsCompleted);

        var error = Assert.ThrowsAsync<RepositoryLockedException>(async () => await acquire);
        Assert.Multiple(() =>
        {
            Assert.That(error!.Holder.Hostname, Is.EqualTo("backup-host"));
            Assert.That(error.Holder.Pid, Is.EqualTo(Environment.ProcessId));
            Assert.That(error.Holder.Kind, Is.EqualTo(LockKind.Shared));
            Assert.That(error.Message, Does.Contain("backup-host"));
            Assert.That(backup.IsLost, Is.False);
        });
        Assert.That(await LockCountAsync(), Is.EqualTo(1), "only the backup's lock remains");
    }

    [Test]
    public async Task Shared_WhileExclusiveLockIsHeld_Fails()
    {
        await using var prune = await Locks("prune-host").AcquireExclusiveAsync();

        var acquire = Locks("backup-host").AcquireSharedAsync();
        await AdvanceAsync(_time, Stale * 3, () => acquire.IsCompleted);

        Assert.ThrowsAsync<RepositoryLockedException>(async () => await acquire);
        Assert.That(prune.IsLost, Is.False);
    }

    [Test]
    public async Task LeftoverLock_IsRemovedOnlyAfterStayingUnchangedForTheStaleTimeout()
    {
        // A holder that died: its lock is never refreshed again.
        var dead = await Locks("crashed-host", storage: new ScriptedStorageBackend(_storage) { FailPut = n => n.StartsWith("locks/", StringComparison.Ordinal) && _time.GetUtcNow() > new DateTimeOffset(2026, 11, 24, 8, 0, 1, TimeSpan.Zero) }).AcquireSharedAsync();
        GC.KeepAlive(dead);
        var start = _time.GetTimestamp();

        var acquire = Locks("prune-host").AcquireExclusiveAsync();
        await AdvanceAsync(_time, Stale - TimeSpan.FromSeconds(30), () => acquire.IsCompleted);
        Assert.That(acquire.IsCompleted, Is.False, "not stale before the stale timeout");

        await AdvanceAsync(_time, Stale, () => acquire.IsCompleted);
        await using var held = await acquire;
        Assert.That(_time.GetElapsedTime(start), Is.GreaterThanOrEqualTo(Stale));
        Assert.That(dead.IsLost, Is.True, "the dead holder's own clock gave up first");
    }

    [Test]
    public async Task HolderWhoseWallClockIsAnHourOff_IsNeverTakenAsStale_WhileItRefreshes()
    {
        var skewed = new FakeTimeProvider(_time.GetUtcNow() - TimeSpan.FromHours(1));
        await using var holder = await Locks("skewed-host", time: skewed).AcquireSharedAsync();

        var observer = Locks("observer-host");
        var removal = observer.RemoveStaleAsync();
        for (var i = 0; i < 60 && !removal.IsCompleted; i++)
        {
            var step = TimeSpan.FromSeconds(10);
            _time.Advance(step);
            skewed.Advance(step);
            await Task.Delay(2);
        }

        var removed = await removal;
        Assert.Multiple(() =>
        {
            Assert.That(removed, Is.Empty);
            Assert.That(holder.IsLost, Is.False);
        });
        Assert.DoesNotThrowAsync(() => holder.EnsureHeldAsync());
    }

    [Test]
    public async Task DeadLockWrittenByAClockAnHourAhead_IsStaleAfterTheObserversTimeoutAlone()
    {
        var ahead = new FakeTimeProvider(_time.GetUtcNow() + TimeSpan.FromHours(1));
        var storage = new ScriptedStorageBackend(_storage);
        var dead = await Locks("future-host", storage, ahead).AcquireSharedAsync();
        storage.FailPut = _ => true; // It never refreshes again.
        var start = _time.GetTimestamp();

        var removal = Locks("observer-host").RemoveStaleAsync();
        await AdvanceAsync(_time, Stale * 2, () => removal.IsCompleted);

        var removed = await removal;
        Assert.That(removed.Select(l => l.Hostname), Is.EqualTo(new[] { "future-host" }));
        Assert.That(_time.GetElapsedTime(start), Is.GreaterThanOrEqualTo(Stale));
        GC.KeepAlive(dead);
    }

    [Test]
    public async Task HolderThatCannotRefresh_AbortsBeforeAnObserverCouldTakeItsLockAsStale()
    {
        var storage = new ScriptedStorageBackend(_storage);
        var holder = await Locks("slow-host", storage).AcquireSharedAsync();
        storage.FailPut = _ => true;
        var start = _time.GetTimestamp();
        TimeSpan? lostAt = null;
        holder.LostToken.Register(() => lostAt = _time.GetElapsedTime(start));

        var removal = Locks("observer-host").RemoveStaleAsync();
        await AdvanceAsync(_time, Stale * 2, () => removal.IsCompleted);
        await removal;
        var staleAt = _time.GetElapsedTime(start);

        Assert.Multiple(() =>
        {
            Assert.That(lostAt, Is.Not.Null);
            Assert.That(lostAt, Is.LessThanOrEqualTo(Abort + TimeSpan.FromSeconds(5)));
            Assert.That(staleAt, Is.GreaterThanOrEqualTo(Stale));
        });
        Assert.ThrowsAsync<RepositoryLockLostException>(() => holder.EnsureHeldAsync());
        await holder.DisposeAsync();
    }

    [Test]
    public async Task LockRemovedByHand_IsLostAtTheNextCheck_AndNeverRecreated()
    {
        var holder = await Locks("host").AcquireSharedAsync();
        await Locks("other").RemoveAllAsync();

        Assert.ThrowsAsync<RepositoryLockLostException>(() => holder.EnsureHeldAsync());
        await AdvanceAsync(_time, Refresh * 2);
        Assert.That(await LockCountAsync(), Is.Zero);
        await holder.DisposeAsync();
    }

    [Test]
    public async Task RacingExclusiveAcquirers_NeverBothProceed()
    {
        for (var round = 0; round < 20; round++)
        {
            var first = Locks("a").AcquireExclusiveAsync();
            var second = Locks("b").AcquireExclusiveAsync();
            await AdvanceAsync(_time, Stale * 3, () => first.IsCompleted && second.IsCompleted);
            var held = new List<RepositoryLock>();
            foreach (var attempt in new[] { first, second })
            {
                try
                {
                    held.Add(await attempt);
                }
                catch (RepositoryLockedException)
                {
                }
            }

            Assert.That(held, Has.Count.LessThanOrEqualTo(1));
            foreach (var l in held)
            {
                await l.DisposeAsync();
            }
        }
    }

    [Test]
    public void Options_WithAbortAfterTooCloseToStaleTimeout_AreRefused()
    {
        var options = new LockOptions { RefreshInterval = Refresh, AbortAfter = TimeSpan.FromMinutes(3), StaleTimeout = Stale };
        Assert.Throws<ArgumentException>(options.Validate);
        Assert.Throws<ArgumentException>(new LockOptions { RefreshInterval = Abort, AbortAfter = Abort }.Validate);
    }
}
