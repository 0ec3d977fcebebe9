using System.Runtime.Versioning;
using Backup.Sdk.Backups;
using Backup.Sdk.Repository.Snapshots;
using Backup.Sdk.Repository.Trees;
using Backup.Sdk.Sources.FileSystem;
using Backup.Sdk.Tests.Backups;
using Backup.Sdk.Tests.Support;

namespace Backup.Sdk.Tests.Repository;

[Platform("Linux")]
[SupportedOSPlatform("linux")]
public class SnapshotDiffTests : FileBackupFixture
{
    private readonly LinuxFileSystemMetadata _metadata = new();

    private FileBackupOptions Options() => new() { Paths = [Source.Path], Hostname = "test-host" };

    private Task<SnapshotDifferences> DiffAsync(FileBackupResult older, FileBackupResult newer) =>
        new SnapshotDiff(Repository.Trees).CompareAsync(older.Snapshot, newer.Snapshot);

    [Test]
    public async Task Compare_ListsAddedRemovedAndModifiedPaths_WithWhatChanged()
    {
        Write("keep", TestRepositories.RandomBytes(100, 1));
        var removed = Write("gone/x", TestRepositories.RandomBytes(200, 2));
        var content = Write("content", TestRepositories.RandomBytes(300, 3));
        var metadataOnly = Write("touched", TestRepositories.RandomBytes(400, 4));
        var both = Write("both", TestRepositories.RandomBytes(500, 5));
        var becomesDirectory = Write("kind", [1]);
        var older = await BackupAsync(Options());

        var before = _metadata.GetInfo(content);
        File.WriteAllBytes(content, TestRepositories.RandomBytes(300, 33));
        _metadata.SetTimes(content, before.AccessTimeNs, before.ModificationTimeNs);
        File.SetLastWriteTimeUtc(metadataOnly, File.GetLastWriteTimeUtc(metadataOnly).AddMinutes(1));
        File.WriteAllBytes(both, TestRepositories.RandomBytes(555, 55));
        File.SetLastWriteTimeUtc(both, File.GetLastWriteTimeUtc(both).AddMinutes(1));
        Directory.Delete(Source.Combine("gone"), recursive: true);
        File.Delete(becomesDirectory);
        var added = Write("kind/inner", TestRepositories.RandomBytes(600, 6));
        var newer = await BackupAsync(Options());

        var diff = await DiffAsync(older, newer);
        var modified = diff.Modified.ToDictionary(e => e.Path);

        Assert.Multiple(() =>
        {
            Assert.That(diff.Added.Select(e => (e.Path, e.Type, e.Size)), Is.EqualTo(new[] { (becomesDirectory, NodeType.Directory, 0L), (added, NodeType.File, 600L) }));
            Assert.That(diff.Removed.Select(e => (e.Path, e.Type, e.Size)), Is.EquivalentTo(new[]
            {
                (becomesDirectory, NodeType.File, 1L),
                (Source.Combine("gone"), NodeType.Directory, 0L),
                (removed, NodeType.File, 200L),
            }));
            Assert.That(modified[content].Change, Is.EqualTo(SnapshotEntryChange.Content), "same size and mtime: only the content list tells");
            Assert.That(modified[metadataOnly].Change, Is.EqualTo(SnapshotEntryChange.Metadata));
            Assert.That(modified[both].Change, Is.EqualTo(SnapshotEntryChange.Content | SnapshotEntryChange.Metadata));
            Assert.That((modified[both].PreviousSize, modified[both].Size), Is.EqualTo((500L, 555L)));
            Assert.That(modified.ContainsKey(Source.Combine("keep")), Is.False);
            Assert.That(modified[Source.Path].Type, Is.EqualTo(NodeType.Directory), "the directory's mtime changed with its listing");
        });
    }

    [Test]
    public async Task Compare_SkipsIdenticalSubtreesWithoutLoadingThem()
    {
        for (var i = 0; i < 20; i++)
        {
            Write($"same/d{i}/f", [(byte)i]);
        }

        Write("changed/f", [1]);
        var older = await BackupAsync(Options());
        Write("changed/f", [1, 2]);
        var newer = await BackupAsync(Options());

        var diff = await DiffAsync(older, newer);
        var itself = await DiffAsync(newer, newer);

        // Per snapshot: the root tree, one per component of the source path, and 'changed'; nothing below 'same'.
        var components = Source.Path.Split('/', StringSplitOptions.RemoveEmptyEntries).Length;
        Assert.Multiple(() =>
        {
            Assert.That(diff.Modified.Select(e => e.Path), Does.Contain(Source.Combine("changed/f")));
            Assert.That(diff.Added, Is.Empty);
            Assert.That(diff.Removed, Is.Empty);
            Assert.That(diff.TreesLoaded, Is.EqualTo(2 * (components + 2)));
            Assert.That(itself.TreesLoaded, Is.Zero);
            Assert.That(itself.Modified, Is.Empty);
        });
    }
}
