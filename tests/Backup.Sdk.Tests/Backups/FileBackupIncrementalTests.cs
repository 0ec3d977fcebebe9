using System.Runtime.Versioning;
using Backup.Sdk.Backups;
using Backup.Sdk.Repository;
using Backup.Sdk.Tests.Support;

namespace Backup.Sdk.Tests.Backups;

[Platform("Linux")]
[SupportedOSPlatform("linux")]
public class FileBackupIncrementalTests : FileBackupFixture
{
    private FileBackupOptions Options(BackupLevel? level = null) => new() { Paths = [Source.Path], Hostname = "test-host", Level = level };

    [Test]
    public async Task Backup_SameFileTwice_AddsItsDataOnce()
    {
        var content = TestRepositories.RandomBytes(200_000, 4);
        Write("one", content);
        Write("sub/two", content);

        var result = await BackupAsync();
        var entries = await ReadBackAsync(result);

        Assert.Multiple(() =>
        {
            Assert.That(entries[Source.Combine("sub/two")].Content, Is.EqualTo(content));
            Assert.That(entries[Source.Combine("one")].Node.Content, Is.EqualTo(entries[Source.Combine("sub/two")].Node.Content));
            Assert.That(result.DataAdded, Is.LessThan(content.Length + 20_000), "stored once (plus trees)");
            Assert.That(result.BytesRead, Is.EqualTo(2 * content.Length));
        });
    }

    [Test]
    public async Task Incremental_NothingChanged_ReadsNothingAndAddsNoBlobs()
    {
        for (var i = 0; i < 5; i++)
        {
            Write($"d{i % 2}/f{i}", TestRepositories.RandomBytes(50_000 + i, i));
        }

        var first = await BackupAsync(Options());
        var access = new TestSourceAccess();
        var second = await BackupAsync(Options(), access);
        var firstEntries = await SnapshotContents.ReadAsync(Repository, first.Snapshot.Id);
        var secondEntries = await ReadBackAsync(second);

        Assert.Multiple(() =>
        {
            Assert.That(first.Level, Is.EqualTo(BackupLevel.Full));
            Assert.That(first.Parent, Is.Null);
            Assert.That(second.Level, Is.EqualTo(BackupLevel.Incremental));
            Assert.That(second.Parent, Is.EqualTo(first.Snapshot.Id));
            Assert.That(second.BytesRead, Is.Zero);
            Assert.That(access.ChunksSaved, Is.Zero, "no data blob saved");
            Assert.That(second.FilesUnmodified, Is.EqualTo(5));
            Assert.That(second.FilesNew + second.FilesChanged, Is.Zero);
            Assert.That(second.DirsNew, Is.Zero);
            Assert.That(second.TotalBytesProcessed, Is.EqualTo(first.TotalBytesProcessed));
            foreach (var (path, entry) in firstEntries.Where(e => e.Value.Content is not null))
            {
                Assert.That(secondEntries[path].Node.Content, Is.EqualTo(entry.Node.Content), path);
                Assert.That(secondEntries[path].Content, Is.EqualTo(entry.Content), path);
            }

            // No data and no tree below the backed-up path is new. Only the trees of its parent directories may be (other
            // processes change /tmp's mtime), at most one per path component above it.
            var ancestors = Source.Path.Split('/', StringSplitOptions.RemoveEmptyEntries).Length;
            Assert.That(second.BlobsAdded, Is.LessThanOrEqualTo(ancestors));
        });
    }

    [Test]
    public async Task Incremental_OneFileChanged_ReadsOnlyThatFile()
    {
        Write("a", TestRepositories.RandomBytes(40_000, 1));
        Write("dir/b", TestRepositories.RandomBytes(40_000, 2));
        Write("dir/c", TestRepositories.RandomBytes(40_000, 3));
        await BackupAsync(Options());
        var changed = TestRepositories.RandomBytes(12_345, 9);
        Write("dir/b", changed);

        var second = await BackupAsync(Options());
        var entries = await ReadBackAsync(second);

        Assert.Multiple(() =>
        {
            Assert.That(second.BytesRead, Is.EqualTo(changed.Length));
            Assert.That(second.FilesChanged, Is.EqualTo(1));
            Assert.That(second.FilesUnmodified, Is.EqualTo(2));
            Assert.That(entries[Source.Combine("dir/b")].Content, Is.EqualTo(changed));
            Assert.That(entries[Source.Combine("dir/c")].Content, Is.EqualTo(TestRepositories.RandomBytes(40_000, 3)));
        });
    }

    [Test]
    public async Task Full_WithParentAvailable_ReadsEverythingAndRecordsNoParent()
    {
        Write("a", TestRepositories.RandomBytes(30_000, 1));
        await BackupAsync(Options());

        var full = await BackupAsync(Options(BackupLevel.Full));

        Assert.Multiple(() =>
        {
            Assert.That(full.Level, Is.EqualTo(BackupLevel.Full));
            Assert.That(full.Parent, Is.Null);
            Assert.That(full.BytesRead, Is.EqualTo(30_000));
            Assert.That(full.BlobsAdded, Is.LessThanOrEqualTo(full.DirsNew + 1), "data deduplicated; only trees may be new");
        });
    }

    [Test]
    public async Task Incremental_OtherHostOrPaths_DoesNotUseThatSnapshotAsParent()
    {
        Write("a", [1, 2, 3]);
        await BackupAsync(new() { Paths = [Source.Path], Hostname = "other-host" });

        var result = await BackupAsync(Options());

        Assert.Multiple(() =>
        {
            Assert.That(result.Parent, Is.Null);
            Assert.That(result.Level, Is.EqualTo(BackupLevel.Full));
            Assert.That(result.BytesRead, Is.EqualTo(3));
        });
    }
}
