using System.Diagnostics.Metrics;
using Backup.Sdk.Storage;
using Backup.Sdk.Storage.InMemory;
using Backup.Sdk.Storage.Resilience;
using Backup.Sdk.Testing;
using Backup.Sdk.Tests.Support;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Backup.Sdk.Tests.Storage.Resilience;

public class RetryingStorageBackendTests
{
    private InMemoryStorageBackend _store = null!;

    [SetUp]
    public void SetUp() => _store = new InMemoryStorageBackend();

    internal static StorageResilienceOptions NoDelay(int maxAttempts = 20) => new()
    {
        MaxAttempts = maxAttempts,
        BaseDelay = TimeSpan.Zero,
        MaxDelay = TimeSpan.Zero,
    };

    private FaultInjectingStorageBackend Faulty(Action<FaultInjectionOptions> configure, int seed = 7)
    {
        var options = new FaultInjectionOptions { Seed = seed };
        configure(options);
        return new FaultInjectingStorageBackend(_store, options);
    }

    [Test]
    public async Task Get_WithHalfTheCallsFailingTransiently_SucceedsEveryTime()
    {
        await _store.PutAsync("data/a", new byte[] { 1, 2, 3 });
        var faulty = Faulty(o => o.FailureRate = 0.5);
        var retrying = new RetryingStorageBackend(faulty, NoDelay());

        for (var i = 0; i < 30; i++)
        {
            Assert.That(await retrying.GetAsync("data/a"), Is.EqualTo(new byte[] { 1, 2, 3 }));
        }

        Assert.That(faulty.InjectedFailures, Is.GreaterThan(5));
    }

    [Test]
    public async Task PermanentError_IsNotRetried()
    {
        await _store.PutAsync("data/a", new byte[] { 1 });
        var faulty = Faulty(o => o.PermanentFailureRate = 1);
        var retrying = new RetryingStorageBackend(faulty, NoDelay());

        var thrown = Assert.ThrowsAsync<StorageUnavailableException>(() => retrying.GetAsync("data/a"));
        Assert.Multiple(() =>
        {
            Assert.That(thrown!.IsTransient, Is.False);
            Assert.That(thrown.Message, Does.Contain("access denied"));
            Assert.That(faulty.Calls, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task MissingObject_IsNotRetried()
    {
        var counting = Faulty(_ => { });
        var retrying = new RetryingStorageBackend(counting, NoDelay());

        Assert.ThrowsAsync<ObjectNotFoundException>(() => retrying.GetAsync("data/missing"));
        Assert.That(await retrying.StatAsync("data/missing"), Is.Null);
        Assert.That(counting.Calls, Is.EqualTo(2));
    }

    [Test]
    public void AlwaysFailing_GivesUpAfterMaxAttempts_WithTheLastFaultInside()
    {
        var faulty = Faulty(o => o.FailureRate = 1);
        var retrying = new RetryingStorageBackend(faulty, NoDelay(maxAttempts: 3));

        var thrown = Assert.ThrowsAsync<StorageUnavailableException>(() => retrying.GetAsync("data/a"));
        Assert.Multiple(() =>
        {
            Assert.That(faulty.Calls, Is.EqualTo(3));
            Assert.That(thrown!.Message, Does.Contain("failed after 3 attempt(s)").And.Contain("data/a"));
            Assert.That(thrown.InnerException, Is.InstanceOf<StorageUnavailableException>());
        });
    }

    [Test]
    public async Task AlwaysFailing_StopsWithinTheTotalTimeBound()
    {
        var clock = new FakeTimeProvider();
        var faulty = Faulty(o => o.FailureRate = 1);
        var options = new StorageResilienceOptions { MaxAttempts = 1000, BaseDelay = TimeSpan.FromSeconds(4), MaxDelay = TimeSpan.FromSeconds(8), MaxTotalTime = TimeSpan.FromMinutes(1) };
        var retrying = new RetryingStorageBackend(faulty, options, clock);

        var get = retrying.GetAsync("data/a");
        var start = clock.GetUtcNow();
        while (!get.IsCompleted && clock.GetUtcNow() - start < TimeSpan.FromMinutes(5))
        {
            clock.Advance(TimeSpan.FromMilliseconds(500));
            await Task.Delay(1);
        }

        Assert.That(get.IsFaulted, Is.True, "gave up");
        Assert.That(get.Exception!.InnerException, Is.InstanceOf<StorageUnavailableException>());
        Assert.That(clock.GetUtcNow() - start, Is.LessThanOrEqualTo(TimeSpan.FromSeconds(61)));
        Assert.That(faulty.Calls, Is.GreaterThan(5).And.LessThan(1000), "retried with backoff, not at once");
    }

    [Test]
    public async Task SlowAttempt_TimesOut_AndTheNextAttemptSucceeds()
    {
        var clock = new FakeTimeProvider();
        await _store.PutAsync("data/a", new byte[] { 9 });
        var stalling = new StallingStorageBackend(_store) { StallsLeft = 1 };
        var options = NoDelay();
        options.AttemptTimeout = TimeSpan.FromSeconds(30);
        var retrying = new RetryingStorageBackend(stalling, options, clock);

        var get = retrying.GetAsync("data/a");
        await Task.Delay(20);
        Assert.That(get.IsCompleted, Is.False, "the first attempt hangs");
        clock.Advance(TimeSpan.FromSeconds(31));

        Assert.That(await get.WaitAsync(TimeSpan.FromSeconds(10)), Is.EqualTo(new byte[] { 9 }));
        Assert.That(stalling.Calls, Is.EqualTo(2));
    }

    [Test]
    public void CallerCancellation_DuringBackoff_IsNotWrapped()
    {
        var faulty = Faulty(o => o.FailureRate = 1);
        var options = new StorageResilienceOptions { BaseDelay = TimeSpan.FromHours(1), MaxDelay = TimeSpan.FromHours(1), MaxTotalTime = TimeSpan.FromHours(10) };
        var retrying = new RetryingStorageBackend(faulty, options);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        Assert.That(() => retrying.GetAsync("data/a", cancel.Token), Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public async Task CreateOnlyPut_WhoseAcknowledgementWasLost_Succeeds()
    {
        var faulty = Faulty(o => o.UnacknowledgedWriteRate = 1);
        var retrying = new RetryingStorageBackend(faulty, NoDelay());
        var content = TestRepositories.RandomBytes(5000, 1);

        await retrying.PutAsync("data/a", content, PutMode.CreateOnly);

        Assert.That(await _store.GetAsync("data/a"), Is.EqualTo(content));
        Assert.That(faulty.UnacknowledgedWrites, Is.EqualTo(1));
    }

    [Test]
    public async Task CreateOnlyPut_OfAnotherWritersObject_StillFails()
    {
        await _store.PutAsync("data/a", new byte[] { 1, 2 });
        var faulty = Faulty(o => o.UnacknowledgedWriteRate = 1);
        var retrying = new RetryingStorageBackend(faulty, NoDelay());

        Assert.ThrowsAsync<ObjectAlreadyExistsException>(() => retrying.PutAsync("data/a", new byte[] { 1, 2 }, PutMode.CreateOnly));
        Assert.That(faulty.Calls, Is.EqualTo(1), "a conflict on the first attempt is not a lost acknowledgement");
    }

    [TestCase(PutMode.CreateOnly)]
    [TestCase(PutMode.Overwrite)]
    public async Task Puts_WithTornWritesThatLeavePartialObjects_StoreEveryObjectWhole(PutMode mode)
    {
        var faulty = Faulty(o =>
        {
            o.TornWriteRate = 0.3;
            o.TornWritesStorePartialObject = true;
        });
        var retrying = new RetryingStorageBackend(faulty, NoDelay());

        for (var i = 0; i < 30; i++)
        {
            await retrying.PutAsync($"data/{i}", TestRepositories.RandomBytes(4000 + i, i), mode);
        }

        Assert.That(faulty.TornWrites, Is.GreaterThan(3));
        for (var i = 0; i < 30; i++)
        {
            Assert.That(await _store.GetAsync($"data/{i}"), Is.EqualTo(TestRepositories.RandomBytes(4000 + i, i)), $"data/{i}");
        }
    }

    [TestCase(true, 0)]
    [TestCase(false, 4)]
    public async Task Puts_WithLostWrites_AreStoredOnlyWhenVerified(bool verify, int minimumMissing)
    {
        var faulty = Faulty(o => o.LostWriteRate = 0.3);
        var options = NoDelay();
        options.VerifyPuts = verify;
        var retrying = new RetryingStorageBackend(faulty, options);

        for (var i = 0; i < 30; i++)
        {
            await retrying.PutAsync($"data/{i}", new byte[100 + i], PutMode.CreateOnly);
        }

        var missing = 0;
        for (var i = 0; i < 30; i++)
        {
            missing += await _store.StatAsync($"data/{i}") is null ? 1 : 0;
        }

        Assert.That(faulty.LostWrites, Is.GreaterThan(3));
        Assert.That(missing, verify ? Is.Zero : Is.GreaterThanOrEqualTo(minimumMissing));
    }

    [Test]
    public async Task List_ThatBreaksOff_IsResumedWithoutDuplicates()
    {
        for (var i = 0; i < 100; i++)
        {
            await _store.PutAsync($"data/{i:D3}", new byte[] { 1 });
        }

        var faulty = Faulty(o => o.FailureRateByOperation[StorageOperation.List] = 0.6);
        var retrying = new RetryingStorageBackend(faulty, NoDelay());

        var names = new List<string>();
        await foreach (var info in retrying.ListAsync("data/"))
        {
            names.Add(info.Name);
        }

        Assert.That(names, Is.Unique.And.Count.EqualTo(100));
        Assert.That(faulty.InjectedFailures, Is.GreaterThan(0));
    }

    [Test]
    public async Task Retries_AreLoggedAsWarnings_AndCounted()
    {
        await _store.PutAsync("data/a", new byte[] { 1 });
        var faulty = Faulty(o => o.FailureRate = 0.5);
        var logger = new ListLogger<RetryingStorageBackend>();
        var retrying = new RetryingStorageBackend(faulty, NoDelay(), logger: logger);
        long retries = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "Backup.Sdk.Storage" && instrument.Name == "backup.storage.retries")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "operation" && (string?)tag.Value == "get")
                {
                    Interlocked.Add(ref retries, value);
                }
            }
        });
        listener.Start();

        for (var i = 0; i < 10; i++)
        {
            await retrying.GetAsync("data/a");
        }

        Assert.That(faulty.InjectedFailures, Is.GreaterThan(0));
        Assert.That(Interlocked.Read(ref retries), Is.GreaterThanOrEqualTo(faulty.InjectedFailures), "other tests may run in parallel and add");
        Assert.That(logger.Entries, Has.Count.EqualTo(faulty.InjectedFailures));
        Assert.That(logger.Entries, Has.All.Matches<(LogLevel Level, string Message)>(e => e.Level == LogLevel.Warning && e.Message.Contains("get of 'data/a'", StringComparison.Ordinal) && e.Message.Contains("attempt", StringComparison.Ordinal)));
    }

    [Test]
    public void InvalidOptions_AreRejectedAtConstruction()
    {
        Assert.Throws<ArgumentException>(() => _ = new RetryingStorageBackend(_store, new StorageResilienceOptions { MaxAttempts = 0 }));
        Assert.Throws<ArgumentException>(() => _ = new RetryingStorageBackend(_store, new StorageResilienceOptions { BaseDelay = TimeSpan.FromSeconds(10), MaxDelay = TimeSpan.FromSeconds(1) }));
    }

    [Test]
    public async Task StreamPut_WhoseAcknowledgementWasLost_Succeeds()
    {
        var faulty = Faulty(o => o.UnacknowledgedWriteRate = 1);
        var retrying = new RetryingStorageBackend(faulty, NoDelay());
        var content = TestRepositories.RandomBytes(5000, 1);
        using var stream = new MemoryStream(content);

        await retrying.PutAsync("data/a", stream, PutMode.CreateOnly);

        Assert.That(await _store.GetAsync("data/a"), Is.EqualTo(content));
        Assert.That(faulty.UnacknowledgedWrites, Is.EqualTo(1));
    }

    [Test]
    public async Task StreamPut_OverAnotherWritersObject_StillFailsAfterALostAcknowledgement()
    {
        var retrying = new RetryingStorageBackend(new FirstPutStoresOtherBytes(_store, _store), NoDelay());
        using var stream = new MemoryStream(TestRepositories.RandomBytes(5000, 2));

        Assert.ThrowsAsync<ObjectAlreadyExistsException>(() => retrying.PutAsync("data/a", stream, PutMode.CreateOnly));

        Assert.That(await _store.GetAsync("data/a"), Is.EqualTo(new byte[] { 9, 9, 9 }), "the other writer's object is left alone");
    }

    [TestCase(PutMode.CreateOnly)]
    [TestCase(PutMode.Overwrite)]
    public async Task StreamPuts_WithTransientFailuresAndTornWrites_StoreEveryObjectWholeFromTheStartPosition(PutMode mode)
    {
        var faulty = Faulty(o =>
        {
            o.FailureRate = 0.2;
            o.TornWriteRate = 0.2;
            o.TornWritesStorePartialObject = true;
        });
        var retrying = new RetryingStorageBackend(faulty, NoDelay());

        for (var i = 0; i < 30; i++)
        {
            using var stream = new MemoryStream(TestRepositories.RandomBytes(4000 + i, i)) { Position = i };
            await retrying.PutAsync($"data/{i}", stream, mode);
        }

        Assert.That(faulty.TornWrites, Is.GreaterThan(2));
        for (var i = 0; i < 30; i++)
        {
            Assert.That(await _store.GetAsync($"data/{i}"), Is.EqualTo(TestRepositories.RandomBytes(4000 + i, i)[i..]), $"data/{i}");
        }
    }

    [Test]
    public async Task StreamPuts_WithLostWrites_AreStoredWhenVerified()
    {
        var faulty = Faulty(o => o.LostWriteRate = 0.3);
        var retrying = new RetryingStorageBackend(faulty, NoDelay());

        for (var i = 0; i < 30; i++)
        {
            using var stream = new MemoryStream(new byte[100 + i]);
            await retrying.PutAsync($"data/{i}", stream, PutMode.CreateOnly);
        }

        Assert.That(faulty.LostWrites, Is.GreaterThan(3));
        for (var i = 0; i < 30; i++)
        {
            Assert.That((await _store.StatAsync($"data/{i}"))?.Length, Is.EqualTo(100 + i), $"data/{i}");
        }
    }

    [Test]
    public void Apply_ToAnAlreadyResilientBackend_DoesNotWrapTwice()
    {
        var options = new StorageResilienceOptions { UploadBytesPerSecond = 1000 };
        var once = StorageResilience.Apply(_store, options);

        Assert.That(StorageResilience.Apply(once, options), Is.SameAs(once));
        var retrying = (RetryingStorageBackend)once;
        Assert.That(retrying.Inner, Is.InstanceOf<ConcurrencyLimitingStorageBackend>());
    }

    /// <summary>
    /// The first put stores another writer's bytes under the name, then fails as the faulty store says (its acknowledgement
    /// lost): the retry meets an object that is not ours.
    /// </summary>
    private sealed class FirstPutStoresOtherBytes(IStorageBackend faulty, IStorageBackend store) : IStorageBackend
    {
        private int _puts;

        public string Location => faulty.Location;

        public async Task PutAsync(string name, ReadOnlyMemory<byte> content, PutMode mode = PutMode.Overwrite, CancellationToken cancellationToken = default)
        {
            if (Interlocked.Increment(ref _puts) == 1)
            {
                await store.PutAsync(name, new byte[] { 9, 9, 9 }, PutMode.CreateOnly, cancellationToken);
                throw new StorageUnavailableException("acknowledgement lost", isTransient: true);
            }

            await faulty.PutAsync(name, content, mode, cancellationToken);
        }

        public Task<byte[]> GetAsync(string name, CancellationToken cancellationToken = default) => faulty.GetAsync(name, cancellationToken);

        public Task ReadAsync(string name, long offset, Memory<byte> destination, CancellationToken cancellationToken = default) =>
            faulty.ReadAsync(name, offset, destination, cancellationToken);

        public IAsyncEnumerable<StorageObjectInfo> ListAsync(string prefix, CancellationToken cancellationToken = default) => faulty.ListAsync(prefix, cancellationToken);

        public Task<StorageObjectInfo?> StatAsync(string name, CancellationToken cancellationToken = default) => faulty.StatAsync(name, cancellationToken);

        public Task DeleteAsync(string name, CancellationToken cancellationToken = default) => faulty.DeleteAsync(name, cancellationToken);
    }

    internal sealed class ListLogger<T> : ILogger<T>
    {
        private readonly Lock _gate = new();

        public List<(LogLevel Level, string Message)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (_gate)
            {
                Entries.Add((logLevel, formatter(state, exception)));
            }
        }
    }
}
