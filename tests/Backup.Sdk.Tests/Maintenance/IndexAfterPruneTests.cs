using System.Runtime.Versioning;
using Backup.Sdk.Maintenance;

namespace Backup.Sdk.Tests.Maintenance;

[Platform("Linux")]
[SupportedOSPlatform("linux")]
public class IndexAfterPruneTests : PruneFixture
{
    [Test]
    public async Task Backup_WithAnIndexLoadedBeforeAPruneDeletedItsBlobs_StoresThemAgainInsteadOfReferringToDeletedData()
    {
        WriteFiles("f", 4, 60_000, 1);
        var first = await SnapshotAsync();

        // Another process forgets the snapshot and prunes while this repository instance keeps its loaded index.
        await Repository.Snapshots.DeleteAsync(first.Id);
        await using (var other = await ReopenAsync(Storage))
        {
            var pruned = await new RepositoryPruner(other).PruneAsync(Prune());
            Assert.That(pruned.BlobsRemoved, Is.GreaterThan(0));
        }

        var again = await SnapshotAsync();

        await using var reopened = await ReopenAsync(Storage);
        Assert.That(again.Summary!.DataAdded, Is.GreaterThan(0), "the content was stored again");
        Assert.That((await CheckAsync(reopened)).Problems, Is.Empty);
        await AssertEverySnapshotRestoresAsync(reopened);
    }
}
