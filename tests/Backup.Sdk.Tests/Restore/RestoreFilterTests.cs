using System.Runtime.Versioning;

namespace Backup.Sdk.Tests.Restore;

[SupportedOSPlatform("linux")]
public class RestoreFilterTests : RestoreTestBase
{
    private async Task<Backup.Sdk.Repository.Snapshots.Snapshot> SampleAsync() =>
        await Builder.SnapshotAsync(
            await Builder.DirAsync(
                "data",
                await Builder.DirAsync(
                    "a",
                    await Builder.FileAsync("other.txt", "other"),
                    await Builder.DirAsync("b", await Builder.DirAsync("c", await Builder.FileAsync("file.txt", "deep"), await Builder.FileAsync("sibling", "s"))))),
            await Builder.DirAsync("etc", await Builder.FileAsync("x", "x")));

    [Test]
    public async Task Restore_IncludeOneDeepFile_RestoresOnlyItAndItsParents()
    {
        var result = await RestoreAsync(await SampleAsync(), o => o.Includes.Add("/data/a/b/c/file.txt"));

        var all = Directory.GetFileSystemEntries(Target, "*", SearchOption.AllDirectories).Select(p => Path.GetRelativePath(Target, p));
        Assert.Multiple(() =>
        {
            Assert.That(all, Is.EquivalentTo(new[] { "data", "data/a", "data/a/b", "data/a/b/c", "data/a/b/c/file.txt" }));
            Assert.That(File.ReadAllText(InTarget("data/a/b/c/file.txt")), Is.EqualTo("deep"));
            Assert.That(result.FilesRestored, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Restore_ExcludeSubtree_RestoresEverythingElse()
    {
        var result = await RestoreAsync(await SampleAsync(), o => o.Excludes.Add("/data/a/b"));

        var all = Directory.GetFileSystemEntries(Target, "*", SearchOption.AllDirectories).Select(p => Path.GetRelativePath(Target, p));
        Assert.Multiple(() =>
        {
            Assert.That(all, Is.EquivalentTo(new[] { "data", "data/a", "data/a/other.txt", "etc", "etc/x" }));
            Assert.That(result.FilesRestored, Is.EqualTo(2));
        });
    }

    [Test]
    public async Task Plan_WithInclude_ListsOnlySelectedEntriesAndTheirPacks()
    {
        var restorer = new Backup.Sdk.Restore.SnapshotRestorer(Repository);

        var plan = await restorer.PlanAsync(await SampleAsync(), Options(o => o.Includes.Add("/etc")));

        Assert.Multiple(() =>
        {
            Assert.That(plan.Entries.Select(e => e.Path), Is.EqualTo(new[] { "/etc", "/etc/x" }));
            Assert.That(plan.FileCount, Is.EqualTo(1));
            Assert.That(plan.Packs.SelectMany(p => p.Blobs), Has.Exactly(1).Items);
            Assert.That(Directory.Exists(Target), Is.False, "planning writes nothing");
        });
    }
}
