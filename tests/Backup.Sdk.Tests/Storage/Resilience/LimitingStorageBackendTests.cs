using Backup.Sdk.Storage;
using Backup.Sdk.Storage.InMemory;
using Backup.Sdk.Storage.Resilience;
using Microsoft.Extensions.Time.Testing;

namespace Backup.Sdk.Tests.Storage.Resilience;

public class LimitingStorageBackendTests
{
    [Test]
    public async Task Uploads_AreBoundedByTheUploadLimit_AndDownloadsHaveTheirOwn()
    {
        var gated = new GatedStorageBackend(new InMemoryStorageBackend());
        await gated.Inner.PutAsync("data/x", new byte[] { 1 });
        using var limited = new ConcurrencyLimitingStorageBackend(gated, maxConcurrentUploads: 3, maxConcurrentDownloads: 2);

        var puts = Enumerable.Range(0, 10).Select(i => limited.PutAsync($"data/{i}", new byte[] { 1 })).ToArray();
        await WaitUntilAsync(() => gated.InFlightPuts == 3);
        await Task.Delay(50);
        Assert.That(gated.InFlightPuts, Is.EqualTo(3), "no fourth upload starts while three run");

        // Downloads do not queue behind uploads.
        Assert.That(await limited.GetAsync("data/x").WaitAsync(TimeSpan.FromSeconds(5)), Is.EqualTo(new byte[] { 1 }));

        gated.Release.TrySetResult();
        await Task.WhenAll(puts);
        Assert.That(gated.MaxInFlightPuts, Is.EqualTo(3));
    }

    [Test]
    public async Task BandwidthLimiter_TakesAsLongAsTheRateRequires_OnAFakeClock()
    {
        var clock = new FakeTimeProvider();
        var limiter = new BandwidthLimiter(100_000, clock);

        // The bucket starts with one second's worth; 300 000 bytes need two more seconds.
        var acquire = limiter.AcquireAsync(300_000).AsTask();
        var elapsed = await AdvanceUntilDoneAsync(clock, acquire);

        Assert.That(elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(1.95)).And.LessThanOrEqualTo(TimeSpan.FromSeconds(2.1)));
    }

    [Test]
    public async Task BandwidthLimiter_WithinTheBurst_DoesNotWait()
    {
        var limiter = new BandwidthLimiter(100_000, new FakeTimeProvider());

        var acquire = limiter.AcquireAsync(90_000);

        Assert.That(acquire.IsCompletedSuccessfully, Is.True);
        await acquire;
    }

    [Test]
    public async Task BandwidthLimitedPuts_ShareTheRate()
    {
        var clock = new FakeTimeProvider();
        var store = new InMemoryStorageBackend();
        var limited = new BandwidthLimitingStorageBackend(store, new BandwidthLimiter(50_000, clock), download: null);

        // Four puts of 50 000 bytes at 50 000 B/s, one second of burst: three seconds in all.
        var puts = Task.WhenAll(Enumerable.Range(0, 4).Select(i => limited.PutAsync($"data/{i}", new byte[50_000])));
        var elapsed = await AdvanceUntilDoneAsync(clock, puts);

        Assert.That(elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(2.9)).And.LessThanOrEqualTo(TimeSpan.FromSeconds(3.2)));
        Assert.That(await store.StatAsync("data/3"), Is.Not.Null);
    }

    [Test]
    public async Task BandwidthLimitedGets_AreNotLimitedByTheUploadLimiter()
    {
        var clock = new FakeTimeProvider();
        var store = new InMemoryStorageBackend();
        await store.PutAsync("data/a", new byte[500_000]);
        var limited = new BandwidthLimitingStorageBackend(store, new BandwidthLimiter(1_000, clock), download: null);

        var get = limited.GetAsync("data/a");

        Assert.That(get.IsCompletedSuccessfully, Is.True);
        Assert.That((await get).Length, Is.EqualTo(500_000));
    }

    private static async Task<TimeSpan> AdvanceUntilDoneAsync(FakeTimeProvider clock, Task task)
    {
        var start = clock.GetUtcNow();
        while (!task.IsCompleted && clock.GetUtcNow() - start < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(2);
            if (!task.IsCompleted)
            {
                clock.Advance(TimeSpan.FromMilliseconds(25));
            }
        }

        await task;
        return clock.GetUtcNow() - start;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.That(condition(), Is.True);
    }

    private sealed class GatedStorageBackend(IStorageBackend inner) : IStorageBackend
    {
        private int _inFlight;
        private int _maxInFlight;

        public IStorageBackend Inner => inner;

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int InFlightPuts => Volatile.Read(ref _inFlight);

        public int MaxInFlightPuts => Volatile.Read(ref _maxInFlight);

        public string Location => inner.Location;

        public async Task PutAsync(string name, ReadOnlyMemory<byte> content, PutMode mode = PutMode.Overwrite, CancellationToken cancellationToken = default)
        {
            var now = Interlocked.Increment(ref _inFlight);
            int seen;
            while ((seen = Volatile.Read(ref _maxInFlight)) < now && Interlocked.CompareExchange(ref _maxInFlight, now, seen) != seen)
            {
            }

            await Release.Task.WaitAsync(cancellationToken);
            await inner.PutAsync(name, content, mode, cancellationToken);
            Interlocked.Decrement(ref _inFlight);
        }

        public Task<byte[]> GetAsync(string name, CancellationToken cancellationToken = default) => inner.GetAsync(name, cancellationToken);

        public Task ReadAsync(string name, long offset, Memory<byte> destination, CancellationToken cancellationToken = default) =>
            inner.ReadAsync(name, offset, destination, cancellationToken);

        public IAsyncEnumerable<StorageObjectInfo> ListAsync(string prefix, CancellationToken cancellationToken = default) => inner.ListAsync(prefix, cancellationToken);

        public Task<StorageObjectInfo?> StatAsync(string name, CancellationToken cancellationToken = default) => inner.StatAsync(name, cancellationToken);

        public Task DeleteAsync(string name, CancellationToken cancellationToken = default) => inner.DeleteAsync(name, cancellationToken);
    }
}
