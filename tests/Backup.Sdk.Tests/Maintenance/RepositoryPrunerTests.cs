using System.Runtime.Versioning;
using System.Security.Cryptography;
using Backup.Sdk.Maintenance;
using Backup.Sdk.Repository;
using Backup.Sdk.Repository.Packs;
using Backup.Sdk.Tests.Support;

namespace Backup.Sdk.Tests.Maintenance;

[Platform("Linux")]
[SupportedOSPlatform("linux")]
public class RepositoryPrunerTests : PruneFixture
{
    /// <summary>S1 holds shared and A files, S2 shared and B files; S1 is forgotten.</summary>
    private async Task<(ContentId Forgotten, ContentId Kept)> ForgetFirstOfTwoAsync()
    {
        WriteFiles("shared", 4, 100_000, 1);
        WriteFiles("a", 6, 150_000, 100);
        var first = await SnapshotAsync();
        DeleteFiles("a");
        WriteFiles("b", 6, 150_000, 200);
        var second = await SnapshotAsync();
        await Repository.Snapshots.DeleteAsync(first.Id);
        return (first.Id, second.Id);
    }

    [Test]
    public async Task Prune_AfterForgettingASnapshot_FreesExactlyWhatOnlyItUsed_AndTheKeptSnapshotRestores()
    {
        WriteFiles("shared", 4, 100_000, 1);
        WriteFiles("a", 6, 150_000, 100);
        var first = await SnapshotAsync();
        DeleteFiles("a");
        WriteFiles("b", 6, 150_000, 200);
        var second = await SnapshotAsync();
        var onlyFirst = await ReachableAsync(Repository, first.Id);
        var kept = await ReachableAsync(Repository, second.Id);
        onlyFirst.ExceptWith(kept);
        var indexedBefore = IndexedBlobs(Repository);
        var bytesBefore = await DataBytesAsync(Storage);
        await Repository.Snapshots.DeleteAsync(first.Id);

        var result = await new RepositoryPruner(Repository).PruneAsync(Prune());

        var bytesAfter = await DataBytesAsync(Storage);
        await using var reopened = await ReopenAsync(Storage);
        var indexedAfter = IndexedBlobs(reopened);
        Assert.Multiple(() =>
        {
            Assert.That(onlyFirst, Is.Not.Empty);
            Assert.That(indexedAfter, Is.EquivalentTo(kept), "exactly the blobs the kept snapshot reaches remain");
            Assert.That(indexedBefore.Except(indexedAfter), Is.EquivalentTo(onlyFirst), "exactly the blobs only the forgotten snapshot used are gone");
            Assert.That(result.BlobsRemoved, Is.EqualTo(onlyFirst.Count));
            Assert.That(result.BytesFreed, Is.EqualTo(bytesBefore - bytesAfter));
            Assert.That(bytesAfter, Is.LessThan(bytesBefore));
            Assert.That(result.UnusedBytesRemaining, Is.Zero);
        });
        var report = await CheckAsync(reopened);
        Assert.That(report.Problems, Is.Empty);
        await AssertEverySnapshotRestoresAsync(reopened);
    }

    [Test]
    public async Task Prune_DryRun_ChangesNothing_AndReportsWhatTheRealRunDoes()
    {
        await ForgetFirstOfTwoAsync();
        var before = await TestRepositories.FingerprintAsync(Storage);

        var dry = await new RepositoryPruner(Repository).PruneAsync(Prune(dryRun: true));

        Assert.That(await TestRepositories.FingerprintAsync(Storage), Is.EqualTo(before));
        var real = await new RepositoryPruner(Repository).PruneAsync(Prune());
        Assert.Multiple(() =>
        {
            Assert.That(dry.DryRun, Is.True);
            Assert.That(dry.PacksDeleted, Is.EqualTo(real.PacksDeleted).And.GreaterThan(0));
            Assert.That(dry.PacksRepacked, Is.EqualTo(real.PacksRepacked));
            Assert.That(dry.BlobsRemoved, Is.EqualTo(real.BlobsRemoved));
            Assert.That(dry.BytesFreed, Is.EqualTo(real.BytesFreed).Within(real.PacksWritten * 4096));
        });
    }

    [Test]
    public async Task Prune_WithNothingForgotten_ChangesNoPack()
    {
        WriteFiles("f", 8, 120_000, 1);
        await SnapshotAsync();
        var packsBefore = (await TestRepositories.FingerprintAsync(Storage)).Keys.Where(k => k.StartsWith("data/", StringComparison.Ordinal)).ToList();

        var result = await new RepositoryPruner(Repository).PruneAsync(Prune());

        var packsAfter = (await TestRepositories.FingerprintAsync(Storage)).Keys.Where(k => k.StartsWith("data/", StringComparison.Ordinal)).ToList();
        Assert.That(packsAfter, Is.EquivalentTo(packsBefore));
        Assert.That((result.PacksDeleted, result.PacksRepacked, result.BlobsRemoved, result.BytesFreed), Is.EqualTo((0, 0, 0L, 0L)));
    }

    [Test]
    public async Task Prune_DeletesPacksThatNoIndexLists()
    {
        WriteFiles("f", 3, 50_000, 1);
        await SnapshotAsync();
        var orphan = RandomNumberGenerator.GetBytes(1000);
        var orphanName = PackLayout.NameOf(new ContentId(SHA256.HashData(orphan)));
        await Storage.PutAsync(orphanName, orphan);

        var result = await new RepositoryPruner(Repository).PruneAsync(Prune());

        Assert.That(await Storage.StatAsync(orphanName), Is.Null);
        Assert.That(result.UnreferencedPacksDeleted, Is.EqualTo(1));
        Assert.That(result.BytesFreed, Is.EqualTo(1000));
    }

    [Test]
    public async Task Prune_WhenTheListingLeavesOutAnIndexedPack_AbortsAndDeletesNothing()
    {
        await ForgetFirstOfTwoAsync();
        var hidden = (await TestRepositories.FingerprintAsync(Storage)).Keys.First(k => k.StartsWith("data/", StringComparison.Ordinal));
        var scripted = new ScriptedStorageBackend(Storage) { HideFromListing = name => name == hidden };
        await using var repository = await ReopenAsync(scripted);
        var before = await TestRepositories.FingerprintAsync(Storage);

        var error = Assert.ThrowsAsync<PruneAbortedException>(() => new RepositoryPruner(repository).PruneAsync(Prune()));

        Assert.That(error!.Message, Does.Contain("listing"));
        Assert.That(await TestRepositories.FingerprintAsync(Storage), Is.EqualTo(before));
    }

    [Test]
    public async Task Prune_WhenTheListingFails_AbortsAndDeletesNothing()
    {
        await ForgetFirstOfTwoAsync();
        var scripted = new ScriptedStorageBackend(Storage) { FailListing = prefix => prefix == "data/" };
        await using var repository = await ReopenAsync(scripted);
        var before = await TestRepositories.FingerprintAsync(Storage);

        Assert.ThrowsAsync<StorageUnavailableException>(() => new RepositoryPruner(repository).PruneAsync(Prune()));

        Assert.That(await TestRepositories.FingerprintAsync(Storage), Is.EqualTo(before));
    }

    [Test]
    public async Task Prune_WithAnUnreadableIndexFile_AbortsInsteadOfTakingItsPacksAsUnreferenced()
    {
        await ForgetFirstOfTwoAsync();
        var indexName = (await TestRepositories.FingerprintAsync(Storage)).Keys.First(k => k.StartsWith("index/", StringComparison.Ordinal));
        var bytes = await Storage.GetAsync(indexName);
        bytes[^1] ^= 1;
        await Storage.PutAsync(indexName, bytes);
        var before = await TestRepositories.FingerprintAsync(Storage);

        Assert.ThrowsAsync<PruneAbortedException>(() => new RepositoryPruner(Repository).PruneAsync(Prune()));

        Assert.That(await TestRepositories.FingerprintAsync(Storage), Is.EqualTo(before));
    }

    [Test]
    public async Task Prune_OfABlobStoredTwice_KeepsOneCopy_AndEverySnapshotStillRestores()
    {
        WriteFiles("f", 4, 80_000, 1);
        await SnapshotAsync();

        // Two writers that do not see each other's index store the same new content twice, in two packs and two index files.
        var content = TestRepositories.RandomBytes(10_000, 999); // Below the minimum chunk size: the file is this one blob.
        await using (var other = await ReopenAsync(Storage))
        {
            await using var third = await ReopenAsync(Storage);
            await other.Blobs.SaveAsync(BlobType.Data, content);
            await third.Blobs.SaveAsync(BlobType.Data, content);
            await other.Blobs.FlushAsync();
            await third.Blobs.FlushAsync();
        }

        var id = Repository.Blobs.ComputeId(BlobType.Data, content);
        Write("dup", content);
        await SnapshotAsync();
        await using (var loaded = await ReopenAsync(Storage))
        {
            Assert.That(await loaded.Blobs.ReadAsync(BlobType.Data, id), Is.EqualTo(content), "a blob in two index files is served");
            Assert.That(await CountIndexEntriesAsync(loaded, id), Is.EqualTo(2));
        }

        var result = await new RepositoryPruner(Repository).PruneAsync(Prune());

        await using var reopened = await ReopenAsync(Storage);
        Assert.That(await CountIndexEntriesAsync(reopened, id), Is.EqualTo(1));
        Assert.That(result.BlobsRemoved, Is.EqualTo(1));
        Assert.That((await CheckAsync(reopened)).Problems, Is.Empty);
        await AssertEverySnapshotRestoresAsync(reopened);
    }

    private static async Task<int> CountIndexEntriesAsync(BackupRepository repository, ContentId blob)
    {
        var count = 0;
        await foreach (var file in repository.Blobs.ListIndexFilesAsync(CancellationToken.None))
        {
            foreach (var pack in (await repository.Blobs.LoadIndexFileAsync(file, CancellationToken.None)).Packs)
            {
                count += pack.Blobs.Count(b => b.Id == blob);
            }
        }

        return count;
    }
}
