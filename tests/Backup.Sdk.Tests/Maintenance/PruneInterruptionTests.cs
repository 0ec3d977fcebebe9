using System.Runtime.Versioning;
using Backup.Sdk.Maintenance;
using Backup.Sdk.Tests.Support;

namespace Backup.Sdk.Tests.Maintenance;

[Platform("Linux")]
[SupportedOSPlatform("linux")]
public class PruneInterruptionTests : PruneFixture
{
    [Test]
    public async Task Prune_InterruptedAfterEachChange_LeavesARepositoryThatChecksRestoresAndANewPruneFinishes()
    {
        // Repack, whole-pack deletion, an orphan pack and several index files: every kind of step.
        WriteFiles("keep", 10, 30_000, 1);
        WriteFiles("drop", 10, 30_000, 100);
        var first = await SnapshotAsync();
        DeleteFiles("drop");
        WriteFiles("big", 3, 300_000, 300);
        var second = await SnapshotAsync();
        DeleteFiles("big");
        await SnapshotAsync();
        await Repository.Snapshots.DeleteAsync(first.Id);
        await Repository.Snapshots.DeleteAsync(second.Id);

        var rehearsal = new ScriptedStorageBackend(await CopyAsync(Storage)) { CrashAfterChanges = int.MaxValue };
        await using (var repository = await ReopenAsync(rehearsal))
        {
            var full = await new RepositoryPruner(repository).PruneAsync(Prune());
            Assert.That(full.PacksRepacked, Is.GreaterThan(0));
            Assert.That(full.PacksDeleted, Is.GreaterThan(0));
        }

        var steps = rehearsal.Changes;
        Assert.That(steps, Is.GreaterThan(4));
        for (var crashAt = 0; crashAt < steps; crashAt++)
        {
            var storage = await CopyAsync(Storage);
            var crashing = new ScriptedStorageBackend(storage) { CrashAfterChanges = crashAt };
            await using (var repository = await ReopenAsync(crashing))
            {
                Assert.ThrowsAsync<StorageUnavailableException>(() => new RepositoryPruner(repository).PruneAsync(Prune()), $"crash after {crashAt} changes");
            }

            await using var after = await ReopenAsync(storage);
            var report = await CheckAsync(after);
            Assert.That(report.IsHealthy, Is.True, $"crash after {crashAt} changes: {string.Join("; ", report.Problems.Select(p => p.Message))}");
            await AssertEverySnapshotRestoresAsync(after);

            await new RepositoryPruner(after).PruneAsync(Prune());
            await using var finished = await ReopenAsync(storage);
            Assert.That((await CheckAsync(finished)).Problems, Is.Empty, $"second prune after a crash at {crashAt}");
            var again = await new RepositoryPruner(finished).PruneAsync(Prune());
            Assert.That((again.PacksDeleted, again.PacksRepacked), Is.EqualTo((0, 0)), "nothing left to do");
        }
    }
}
