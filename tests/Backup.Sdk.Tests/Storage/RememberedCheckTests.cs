using Backup.Sdk.Storage;

namespace Backup.Sdk.Tests.Storage;

public class RememberedCheckTests
{
    [Test]
    public async Task GetAsync_FromManyCallers_RunsTheCheckOnceAndSharesItsResult()
    {
        var runs = 0;
        var release = new TaskCompletionSource<bool>();
        var check = new RememberedCheck<bool>(() => { Interlocked.Increment(ref runs); return release.Task; });

        var waiting = Enumerable.Range(0, 8).Select(_ => check.GetAsync()).ToArray();
        Assert.That(check.Result, Is.Null, "no result while the check runs");
        release.SetResult(true);
        var results = await Task.WhenAll(waiting);
        var later = await check.GetAsync();

        Assert.Multiple(() =>
        {
            Assert.That(runs, Is.EqualTo(1));
            Assert.That(results, Is.All.True);
            Assert.That(later, Is.True);
            Assert.That(check.Result, Is.True);
        });
    }

    [Test]
    public async Task GetAsync_AfterATransientFailure_RunsTheCheckAgain()
    {
        var runs = 0;
        var check = new RememberedCheck<bool>(() => ++runs == 1
            ? Task.FromException<bool>(new StorageUnavailableException("store busy", isTransient: true))
            : Task.FromResult(false));

        Assert.That(() => check.GetAsync(), Throws.TypeOf<StorageUnavailableException>());
        Assert.That(check.Result, Is.Null);
        Assert.That(await check.GetAsync(), Is.False);
        Assert.That(runs, Is.EqualTo(2));
        Assert.That(check.Result, Is.False);
    }

    [Test]
    public void GetAsync_AfterAPermanentFailure_RemembersTheFailure()
    {
        var runs = 0;
        var check = new RememberedCheck<bool>(() =>
        {
            runs++;
            return Task.FromException<bool>(new StorageUnavailableException("access denied", isTransient: false));
        });

        Assert.That(() => check.GetAsync(), Throws.TypeOf<StorageUnavailableException>());
        Assert.That(() => check.GetAsync(), Throws.TypeOf<StorageUnavailableException>());
        Assert.That(runs, Is.EqualTo(1));
    }

    [Test]
    public async Task Reset_AfterASuccess_RunsTheCheckAgain()
    {
        var runs = 0;
        var check = new RememberedCheck<bool>(() => Task.FromResult(++runs == 2));

        Assert.That(await check.GetAsync(), Is.False);
        check.Reset();
        Assert.That(check.Result, Is.Null);
        Assert.That(await check.GetAsync(), Is.True);
        Assert.That(runs, Is.EqualTo(2));
    }

    [Test]
    public void GetAsync_WhenTheCallerStopsWaiting_ThrowsForItAndLetsTheCheckFinishForOthers()
    {
        var release = new TaskCompletionSource<bool>();
        var check = new RememberedCheck<bool>(() => release.Task);
        using var cancellation = new CancellationTokenSource();

        var cancelled = check.GetAsync(cancellation.Token);
        var other = check.GetAsync();
        cancellation.Cancel();
        release.SetResult(true);

        Assert.That(async () => await cancelled, Throws.InstanceOf<OperationCanceledException>());
        Assert.That(async () => await other, Is.True);
    }
}
