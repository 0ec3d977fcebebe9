using System.Runtime.Versioning;
using Backup.Sdk.Maintenance;
using Backup.Sdk.Repository;
using Backup.Sdk.Tests.Maintenance;
using Backup.Sdk.Tests.Support;

namespace Backup.Sdk.Tests.Backups;

[Platform("Linux")]
[SupportedOSPlatform("linux")]
public class FileBackupLevelPruneTests : PruneFixture
{
    [Test]
    public async Task DeletingEveryFullSnapshotAndPruning_LeavesLaterIncrementalsRestorable()
    {
        for (var i = 0; i < 20; i++)
        {
            Write($"d{i % 3}/f{i:D2}", TestRepositories.RandomBytes(5_000 + (i * 997), i));
        }

        var full = await SnapshotAsync(BackupLevel.Full);
        Write("d0/f00", TestRepositories.RandomBytes(7_000, 1000));
        Write("d1/f07", TestRepositories.RandomBytes(9_000, 1001));
        var firstIncremental = await SnapshotAsync(BackupLevel.Incremental);
        File.Delete(Source.Combine("d2/f05"));
        Write("d2/new", TestRepositories.RandomBytes(12_000, 1002));
        var secondFull = await SnapshotAsync(BackupLevel.Full);
        Write("d1/f04", TestRepositories.RandomBytes(3_000, 1003));
        var lastIncremental = await SnapshotAsync(BackupLevel.Incremental);
        Assert.Multiple(() =>
        {
            Assert.That(full.Level, Is.EqualTo(BackupLevel.Full));
            Assert.That(firstIncremental.Level, Is.EqualTo(BackupLevel.Incremental));
            Assert.That(firstIncremental.Parent, Is.EqualTo(full.Id));
            Assert.That(lastIncremental.Parent, Is.EqualTo(secondFull.Id));
        });

        await Repository.Snapshots.DeleteAsync(full.Id);
        await Repository.Snapshots.DeleteAsync(secondFull.Id);
        var result = await new RepositoryPruner(Repository).PruneAsync(new PruneOptions { MaxUnusedPercent = 0 });

        // The first full's versions of the two changed files and of the deleted one were used by it alone.
        Assert.That(result.BlobsRemoved, Is.GreaterThan(0));
        await using var reopened = await ReopenAsync(Storage);
        Assert.That((await reopened.Snapshots.ListAsync()).Select(s => s.Id), Is.EquivalentTo(new[] { firstIncremental.Id, lastIncremental.Id }));
        Assert.That((await CheckAsync(reopened)).Problems, Is.Empty);
        await AssertEverySnapshotRestoresAsync(reopened);
    }
}
