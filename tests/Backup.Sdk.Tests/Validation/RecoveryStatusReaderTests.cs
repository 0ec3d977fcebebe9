using System.Text.Json;
using Backup.Sdk.Repository;
using Backup.Sdk.Repository.Snapshots;
using Backup.Sdk.Storage.InMemory;
using Backup.Sdk.Tests.Support;
using Backup.Sdk.Validation;
using Microsoft.Extensions.Time.Testing;

namespace Backup.Sdk.Tests.Validation;

public class RecoveryStatusReaderTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
    private BackupRepository _repository = null!;

    [SetUp]
    public async Task SetUp() =>
        _repository = await BackupRepository.InitAsync(new InMemoryStorageBackend(), TestRepositories.Password, TestRepositories.SmallOptions(), timeProvider: new FakeTimeProvider(Now));

    [TearDown]
    public async Task TearDown() => await _repository.DisposeAsync();

    [Test]
    public async Task Status_PerGroup_JudgesRpoByNewestSnapshotAgeAndRtoByLastDrill()
    {
        await SnapshotAsync("web", ["/srv"], Now.AddHours(-30), bytes: 1_000_000);
        var freshWeb = await SnapshotAsync("web", ["/srv"], Now.AddHours(-2), bytes: 4_000_000);
        var oldDb = await SnapshotAsync("db", ["/var/lib/db", "/etc/db"], Now.AddHours(-50), bytes: 10_000_000);
        await _repository.Drills.SaveAsync(new DrillRecord { Time = Now.AddHours(-1), Snapshot = freshWeb, Hostname = "web", Paths = ["/srv"], Passed = true, Sample = 1, RestoreSeconds = 100, ThroughputBytesPerSecond = 1_000_000 });
        await _repository.Drills.SaveAsync(new DrillRecord { Time = Now.AddHours(-3), Snapshot = oldDb, Hostname = "db", Paths = ["/etc/db", "/var/lib/db"], Passed = true, Sample = 0.1, SnapshotBytes = 10_000_000, RestoreSeconds = 10, ThroughputBytesPerSecond = 5 });

        var status = await new RecoveryStatusReader(_repository).GetStatusAsync(new RecoveryObjectives { RecoveryPointObjective = TimeSpan.FromHours(24), RecoveryTimeObjective = TimeSpan.FromHours(1) });

        var db = status.Recovery.Groups[0];
        var web = status.Recovery.Groups[1];
        Assert.Multiple(() =>
        {
            Assert.That(status.Recovery.Groups.Select(g => g.Hostname), Is.EqualTo(new[] { "db", "web" }));
            Assert.That(web.NewestSnapshotId, Is.EqualTo(freshWeb.ToString()));
            Assert.That(web.AgeSeconds, Is.EqualTo(2 * 3600));
            Assert.That(web.Rpo, Is.EqualTo(ObjectiveState.Met));
            Assert.That(web.LastDrill!.RestoreSeconds, Is.EqualTo(100));
            Assert.That(web.Rto, Is.EqualTo(ObjectiveState.Met), "100 s measured by a full drill");
            Assert.That(web.EstimatedRestoreSeconds, Is.EqualTo(4), "4 MB at 1 MB/s");
            Assert.That(db.Paths, Is.EqualTo(new[] { "/etc/db", "/var/lib/db" }));
            Assert.That(db.Rpo, Is.EqualTo(ObjectiveState.Missed), "50 hours old");
            Assert.That(db.EstimatedRestoreSeconds, Is.EqualTo(100).Within(1e-9), "10 s for a 10% sample of 10 MB: 100 s for the whole, whatever few bytes the sample held");
            Assert.That(db.Rto, Is.EqualTo(ObjectiveState.Met), "a sampled drill is judged by the estimate for the whole snapshot");
            Assert.That(status.State, Is.EqualTo(ObjectiveState.Missed), "the db group misses its RPO");
        });
    }

    [Test]
    public async Task Status_WithSampledDrillThatIsTooSlowForTheWhole_MissesTheRto()
    {
        var snapshot = await SnapshotAsync("web", ["/srv"], Now.AddHours(-1), bytes: 1_000_000);
        await _repository.Drills.SaveAsync(new DrillRecord { Time = Now, Snapshot = snapshot, Hostname = "web", Paths = ["/srv"], Passed = true, Sample = 0.01, SnapshotBytes = 1_000_000, RestoreSeconds = 60, ThroughputBytesPerSecond = 1 });

        var status = await new RecoveryStatusReader(_repository).GetStatusAsync(new RecoveryObjectives { RecoveryTimeObjective = TimeSpan.FromHours(1) });

        var web = status.Recovery.Groups.Single();
        Assert.Multiple(() =>
        {
            Assert.That(web.EstimatedRestoreSeconds, Is.EqualTo(6000).Within(1e-6), "60 s for 1% of the files");
            Assert.That(web.Rto, Is.EqualTo(ObjectiveState.Missed));
        });
    }

    [Test]
    public async Task Status_WithoutObjectivesOrDrills_ReportsButJudgesNothing()
    {
        await SnapshotAsync("web", ["/srv"], Now.AddHours(-2), bytes: 10);

        var status = await new RecoveryStatusReader(_repository).GetStatusAsync();

        var web = status.Recovery.Groups.Single();
        Assert.Multiple(() =>
        {
            Assert.That((web.Rpo, web.Rto, status.State), Is.EqualTo((ObjectiveState.Unknown, ObjectiveState.Unknown, ObjectiveState.Unknown)));
            Assert.That(web.LastDrill, Is.Null);
            Assert.That(web.EstimatedRestoreSeconds, Is.Null);
        });
    }

    [Test]
    public async Task Status_WhoseLastDrillFailed_MissesTheRto()
    {
        var snapshot = await SnapshotAsync("web", ["/srv"], Now.AddHours(-2), bytes: 10);
        await _repository.Drills.SaveAsync(new DrillRecord { Time = Now.AddHours(-5), Snapshot = snapshot, Hostname = "web", Paths = ["/srv"], Passed = true, Sample = 1, RestoreSeconds = 1, ThroughputBytesPerSecond = 10 });
        await _repository.Drills.SaveAsync(new DrillRecord { Time = Now.AddHours(-1), Snapshot = snapshot, Hostname = "web", Paths = ["/srv"], Passed = false, Sample = 1, RestoreSeconds = 1, ThroughputBytesPerSecond = 10 });

        var status = await new RecoveryStatusReader(_repository).GetStatusAsync(new RecoveryObjectives { RecoveryTimeObjective = TimeSpan.FromHours(1) });

        using var json = JsonDocument.Parse(status.ToJson());
        Assert.Multiple(() =>
        {
            Assert.That(status.Recovery.Groups.Single().Rto, Is.EqualTo(ObjectiveState.Missed));
            Assert.That(json.RootElement.GetProperty("recovery").GetProperty("groups")[0].GetProperty("lastDrill").GetProperty("passed").GetBoolean(), Is.False);
            Assert.That(json.RootElement.GetProperty("state").GetString(), Is.EqualTo("Missed"));
        });
    }

    [Test]
    public void Objectives_ThatAreNotPositive_AreRefused() =>
        Assert.That(() => new RecoveryObjectives { RecoveryPointObjective = TimeSpan.Zero }.Validate(), Throws.InstanceOf<ArgumentOutOfRangeException>());

    private async Task<ContentId> SnapshotAsync(string host, string[] paths, DateTimeOffset time, long bytes)
    {
        var tree = await _repository.Trees.SaveAsync(new Backup.Sdk.Repository.Trees.Tree());
        await _repository.Blobs.FlushAsync();
        return await _repository.Snapshots.SaveAsync(new Snapshot { Time = time, Hostname = host, Paths = paths, Tree = tree.Id, Summary = new SnapshotSummary { TotalBytesProcessed = bytes } });
    }
}
