using Backup.Sdk.Storage;
using Backup.Sdk.Storage.InMemory;
using Backup.Sdk.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Backup.Sdk.Tests.Storage;

public class FaultInjectingStorageBackendTests
{
    [Test]
    public async Task FailureRateOne_EveryCallFailsTransientlyWithoutReachingTheStore()
    {
        var inner = new InMemoryStorageBackend();
        await inner.PutAsync("a", new byte[1]);
        var faulty = new FaultInjectingStorageBackend(inner, new FaultInjectionOptions { FailureRate = 1 });

        var errors = new[]
        {
            Assert.ThrowsAsync<StorageUnavailableException>(() => faulty.PutAsync("b", new byte[1])),
            Assert.ThrowsAsync<StorageUnavailableException>(() => faulty.GetAsync("a")),
            Assert.ThrowsAsync<StorageUnavailableException>(() => faulty.ReadAsync("a", 0, new byte[1])),
            Assert.ThrowsAsync<StorageUnavailableException>(() => faulty.StatAsync("a")),
            Assert.ThrowsAsync<StorageUnavailableException>(() => faulty.DeleteAsync("a")),
            Assert.ThrowsAsync<StorageUnavailableException>(async () => await ListAllAsync(faulty, string.Empty)),
        };

        using (Assert.EnterMultipleScope())
        {
            Assert.That(errors.Select(e => e?.IsTransient), Is.All.True);
            Assert.That(faulty.InjectedFailures, Is.EqualTo(6));
            Assert.That(inner.Count, Is.EqualTo(1), "nothing was stored or deleted");
        }
    }

    [Test]
    public void InvalidName_IsArgumentErrorEvenWhenFaultsAreCertain()
    {
        var faulty = new FaultInjectingStorageBackend(new InMemoryStorageBackend(), new FaultInjectionOptions { FailureRate = 1, LostWriteRate = 1 });

        Assert.CatchAsync<ArgumentException>(() => faulty.PutAsync("../x", new byte[1]));
        Assert.That(faulty.TotalInjectedFaults, Is.Zero);
    }

    [Test]
    public async Task SameSeed_InjectsTheSameFaults()
    {
        var first = await OutcomesAsync(seed: 7);
        var second = await OutcomesAsync(seed: 7);
        var other = await OutcomesAsync(seed: 8);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(second, Is.EqualTo(first));
            Assert.That(other, Is.Not.EqualTo(first));
            Assert.That(first.Count(failed => failed), Is.InRange(60, 140), "about 30% of 300 calls");
        }
    }

    [Test]
    public async Task FailureRateByOperation_OverridesTheDefault()
    {
        var options = new FaultInjectionOptions { FailureRate = 0, FailureRateByOperation = { [StorageOperation.Put] = 1 } };
        var inner = new InMemoryStorageBackend();
        inner["a"] = [1];
        var faulty = new FaultInjectingStorageBackend(inner, options);

        Assert.ThrowsAsync<StorageUnavailableException>(() => faulty.PutAsync("b", new byte[1]));
        Assert.That(await faulty.GetAsync("a"), Is.EqualTo(new byte[] { 1 }));
    }

    [Test]
    public async Task LostWrite_ReportsSuccessAndStoresNothing()
    {
        var inner = new InMemoryStorageBackend();
        var faulty = new FaultInjectingStorageBackend(inner, new FaultInjectionOptions { LostWriteRate = 1 });

        await faulty.PutAsync("data/ab/p", new byte[10]);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(inner.Count, Is.Zero);
            Assert.That(faulty.LostWrites, Is.EqualTo(1));
        }
    }

    [Test]
    public async Task TornWrite_FailsTransientlyAndKeepsThePreviousContent()
    {
        var inner = new InMemoryStorageBackend();
        inner["config"] = [1, 2, 3];
        var faulty = new FaultInjectingStorageBackend(inner, new FaultInjectionOptions { TornWriteRate = 1 });

        var error = Assert.ThrowsAsync<StorageUnavailableException>(() => faulty.PutAsync("config", new byte[100]));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(error?.IsTransient, Is.True);
            Assert.That(await inner.GetAsync("config"), Is.EqualTo(new byte[] { 1, 2, 3 }));
            Assert.That(faulty.TornWrites, Is.EqualTo(1));
        }
    }

    [Test]
    public async Task UnacknowledgedWrite_StoresTheObjectThenFails_SoACreateOnlyRetryFindsIt()
    {
        var inner = new InMemoryStorageBackend();
        var faulty = new FaultInjectingStorageBackend(inner, new FaultInjectionOptions { UnacknowledgedWriteRate = 1 });

        Assert.ThrowsAsync<StorageUnavailableException>(() => faulty.PutAsync("locks/l", new byte[] { 5 }, PutMode.CreateOnly));
        faulty.IsEnabled = false;

        Assert.ThrowsAsync<ObjectAlreadyExistsException>(() => faulty.PutAsync("locks/l", new byte[] { 5 }, PutMode.CreateOnly));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(await inner.GetAsync("locks/l"), Is.EqualTo(new byte[] { 5 }));
            Assert.That(faulty.UnacknowledgedWrites, Is.EqualTo(1));
        }
    }

    [Test]
    public async Task FailingListing_BreaksOffWithAnExceptionNeverSilently()
    {
        var inner = new InMemoryStorageBackend();
        for (var i = 0; i < 40; i++)
        {
            inner[$"data/p{i:D2}"] = [1];
        }

        var faulty = new FaultInjectingStorageBackend(inner, new FaultInjectionOptions { FailureRateByOperation = { [StorageOperation.List] = 1 } });
        var returned = 0;

        Assert.ThrowsAsync<StorageUnavailableException>(async () =>
        {
            await foreach (var unused in faulty.ListAsync("data/"))
            {
                returned++;
            }
        });

        Assert.That(returned, Is.LessThan(40));
        faulty.IsEnabled = false;
        Assert.That(await ListAllAsync(faulty, "data/"), Has.Count.EqualTo(40));
    }

    [Test]
    public async Task Latency_DelaysEachCallOnTheGivenClock()
    {
        var time = new FakeTimeProvider();
        var inner = new InMemoryStorageBackend();
        inner["a"] = [1];
        var faulty = new FaultInjectingStorageBackend(inner, new FaultInjectionOptions { Latency = TimeSpan.FromSeconds(5), TimeProvider = time });

        var get = faulty.GetAsync("a");
        time.Advance(TimeSpan.FromSeconds(4));
        var completedEarly = get.IsCompleted;
        time.Advance(TimeSpan.FromSeconds(1));

        Assert.That(await get.WaitAsync(TimeSpan.FromSeconds(5)), Is.EqualTo(new byte[] { 1 }));
        Assert.That(completedEarly, Is.False);
    }

    [TestCase(-0.1, 0)]
    [TestCase(1.1, 0)]
    [TestCase(double.NaN, 0)]
    [TestCase(0, 0.6)]
    public void Constructor_InvalidRates_Throw(double failureRate, double writeFaultRate) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new FaultInjectingStorageBackend(
            new InMemoryStorageBackend(),
            new FaultInjectionOptions { FailureRate = failureRate, LostWriteRate = writeFaultRate, TornWriteRate = writeFaultRate }));

    private static async Task<List<bool>> OutcomesAsync(int seed)
    {
        var faulty = new FaultInjectingStorageBackend(new InMemoryStorageBackend(), new FaultInjectionOptions { FailureRate = 0.3, Seed = seed });
        var outcomes = new List<bool>();
        for (var i = 0; i < 300; i++)
        {
            try
            {
                await faulty.PutAsync($"o{i}", new byte[1]);
                outcomes.Add(false);
            }
            catch (StorageUnavailableException)
            {
                outcomes.Add(true);
            }
        }

        return outcomes;
    }

    private static async Task<List<StorageObjectInfo>> ListAllAsync(IStorageBackend backend, string prefix)
    {
        var result = new List<StorageObjectInfo>();
        await foreach (var info in backend.ListAsync(prefix))
        {
            result.Add(info);
        }

        return result;
    }
}
