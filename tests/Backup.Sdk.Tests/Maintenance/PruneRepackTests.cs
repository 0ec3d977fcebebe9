using System.Runtime.Versioning;
using Backup.Sdk.Maintenance;
using Backup.Sdk.Repository;
using Backup.Sdk.Tests.Support;

namespace Backup.Sdk.Tests.Maintenance;

[Platform("Linux")]
[SupportedOSPlatform("linux")]
public class PruneRepackTests : PruneFixture
{
    /// <summary>Small kept and forgotten files backed up together, so that most packs hold both: packs partly used.</summary>
    private async Task MixedPacksAsync()
    {
        for (var i = 0; i < 24; i++)
        {
            Write($"m{i:D2}", TestRepositories.RandomBytes(20_000 + (i * 131), 500 + i));
        }

        var first = await SnapshotAsync();
        for (var i = 0; i < 24; i += 2)
        {
            File.Delete(Source.Combine($"m{i:D2}"));
        }

        await SnapshotAsync();
        await Repository.Snapshots.DeleteAsync(first.Id);
    }

    [TestCase(100.0)]
    [TestCase(30.0)]
    [TestCase(10.0)]
    [TestCase(0.0)]
    public async Task Prune_LeavesAtMostTheAllowedShareUnused(double maxUnused)
    {
        await MixedPacksAsync();

        var result = await new RepositoryPruner(Repository).PruneAsync(Prune(maxUnused));

        await using var reopened = await ReopenAsync(Storage);
        var used = new HashSet<ContentId>();
        foreach (var snapshot in await reopened.Snapshots.ListAsync())
        {
            used.UnionWith(await ReachableAsync(reopened, snapshot.Id));
        }

        long usedBytes = 0, unusedBytes = 0;
        foreach (var (id, location) in reopened.Blobs.Index.Snapshot())
        {
            if (used.Contains(id))
            {
                usedBytes += location.Length;
            }
            else
            {
                unusedBytes += location.Length;
            }
        }

        Assert.Multiple(() =>
        {
            Assert.That(unusedBytes, Is.EqualTo(result.UnusedBytesRemaining));
            Assert.That(unusedBytes, Is.LessThanOrEqualTo((usedBytes + unusedBytes) * maxUnused / 100));
        });
        if (maxUnused == 100)
        {
            Assert.That(result.PacksRepacked, Is.Zero);
            Assert.That(unusedBytes, Is.GreaterThan(0), "the scenario does leave partly used packs");
        }

        if (maxUnused == 0)
        {
            Assert.That(result.PacksRepacked, Is.GreaterThan(0));
            Assert.That(unusedBytes, Is.Zero);
        }

        Assert.That((await CheckAsync(reopened)).Problems, Is.Empty);
        await AssertEverySnapshotRestoresAsync(reopened);
    }

    [Test]
    public async Task Prune_RepacksFewerPacks_AsTheAllowedShareGrows()
    {
        await MixedPacksAsync();
        var counts = new List<int>();
        foreach (var share in new[] { 0.0, 10.0, 30.0, 100.0 })
        {
            await using var copy = await ReopenAsync(await CopyAsync(Storage));
            counts.Add((await new RepositoryPruner(copy).PruneAsync(Prune(share, dryRun: true))).PacksRepacked);
        }

        Assert.That(counts, Is.Ordered.Descending);
        Assert.That(counts[0], Is.GreaterThan(counts[^1]));
    }

    [TestCase(-1.0)]
    [TestCase(100.5)]
    [TestCase(double.NaN)]
    public void Prune_WithShareOutOfRange_IsRefused(double share)
    {
        Assert.ThrowsAsync<ArgumentException>(() => new RepositoryPruner(Repository).PruneAsync(Prune(share)));
    }
}
