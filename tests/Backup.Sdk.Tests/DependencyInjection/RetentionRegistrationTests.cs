using Backup.Sdk.DependencyInjection;
using Backup.Sdk.Repository.Snapshots;
using Backup.Sdk.Retention;
using Backup.Sdk.Storage.InMemory;
using Backup.Sdk.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Backup.Sdk.Tests.DependencyInjection;

public class RetentionRegistrationTests
{
    [Test]
    public async Task AddBackupSdk_RegistersAForgetServiceOnTheContainersClockAndZone()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero));
        var tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");
        clock.SetLocalTimeZone(tokyo);
        var storage = new InMemoryStorageBackend();
        await (await TestRepositories.InitAsync(storage)).DisposeAsync();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(clock);
        services.AddBackupSdk(o => o.Password = TestRepositories.Password).UseStorage(_ => storage);

        await using var provider = services.BuildServiceProvider();
        var repository = await provider.GetRequiredService<IBackupRepositoryProvider>().OpenAsync();
        await repository.Snapshots.SaveAsync(new Snapshot { Time = clock.GetUtcNow().AddDays(-1), Hostname = "h" });
        var result = await provider.GetRequiredService<IForgetService>().ForgetAsync(repository, new ForgetRequest { Rules = new RetentionRules { KeepLast = 1 }, DryRun = true });

        Assert.Multiple(() =>
        {
            Assert.That(provider.GetRequiredService<IRetentionPolicy>(), Is.InstanceOf<RetentionPolicy>());
            Assert.That(((RetentionPolicy)provider.GetRequiredService<IRetentionPolicy>()).TimeZone, Is.SameAs(tokyo));
            Assert.That(result.Keep, Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task HostRegisteredPolicy_IsTheOneTheForgetServiceUses()
    {
        var storage = new InMemoryStorageBackend();
        await (await TestRepositories.InitAsync(storage)).DisposeAsync();
        var services = new ServiceCollection();
        services.AddBackupSdk(o => o.Password = TestRepositories.Password).UseStorage(_ => storage);
        services.AddSingleton<IRetentionPolicy, KeepEverything>();

        await using var provider = services.BuildServiceProvider();
        var repository = await provider.GetRequiredService<IBackupRepositoryProvider>().OpenAsync();
        await repository.Snapshots.SaveAsync(new Snapshot { Time = DateTimeOffset.UnixEpoch, Hostname = "h" });
        await repository.Snapshots.SaveAsync(new Snapshot { Time = DateTimeOffset.UnixEpoch.AddDays(1), Hostname = "h" });
        var result = await provider.GetRequiredService<IForgetService>().ForgetAsync(repository, new ForgetRequest { Rules = new RetentionRules { KeepLast = 1 } });

        Assert.Multiple(() =>
        {
            Assert.That(result.Keep.Select(d => d.Reasons.Single()), Is.EqualTo(new[] { "host policy", "host policy" }));
            Assert.That(result.Remove, Is.Empty);
        });
    }

    private sealed class KeepEverything : IRetentionPolicy
    {
        public RetentionPlan Apply(IReadOnlyList<Snapshot> snapshots, RetentionRules rules, bool allowKeepNothing = false) =>
            new([new RetentionGroup(SnapshotGroupKey.Of(snapshots[0], SnapshotGrouping.None), [.. snapshots.Select(s => new RetentionDecision(s, true, ["host policy"]))])]);
    }
}
