using System.Formats.Tar;
using System.Runtime.Versioning;
using System.Text;
using Backup.Sdk.Repository.Trees;
using Backup.Sdk.Restore;
using Backup.Sdk.Tests.Support;

namespace Backup.Sdk.Tests.Restore;

[SupportedOSPlatform("linux")]
public class SnapshotDumperTests : RestoreTestBase
{
    private const long FileTime = 1_600_000_000_123_456_700;

    [Test]
    public async Task Dump_OfFileOfManyBlobs_WritesExactlyTheOriginalBytes()
    {
        var content = TestRepositories.RandomBytes(300_000, 7);
        var snapshot = await Builder.SnapshotAsync(await Builder.DirAsync("data", await Builder.FileAsync("big.bin", content)));
        using var output = new MemoryStream();

        var result = await new SnapshotDumper(Repository).DumpAsync(snapshot, "/data/big.bin", output);

        Assert.Multiple(() =>
        {
            Assert.That(output.ToArray(), Is.EqualTo(content));
            Assert.That(result.Format, Is.EqualTo(DumpFormat.FileContent));
            Assert.That(result.ContentBytes, Is.EqualTo(content.Length));
        });
    }

    [Test]
    public async Task OpenFile_OfSparseFile_ReadsRegionsAndZerosForHoles()
    {
        var data = TestRepositories.RandomBytes(2000, 3);
        var node = await Builder.FileAsync("sparse", data, regions: [new FileDataRegion(100, 1000), new FileDataRegion(5000, 1000)], size: 8000);
        var snapshot = await Builder.SnapshotAsync(node);
        var expected = new byte[8000];
        data.AsSpan(0, 1000).CopyTo(expected.AsSpan(100));
        data.AsSpan(1000, 1000).CopyTo(expected.AsSpan(5000));

        await using var stream = await new SnapshotDumper(Repository).OpenFileAsync(snapshot, "/sparse");
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);

        Assert.That(copy.ToArray(), Is.EqualTo(expected));
    }

    [Test]
    public async Task OpenFile_WhoseContentIsShorterThanItsSize_FailsAsCorrupt()
    {
        var node = await Builder.FileAsync("short", TestRepositories.RandomBytes(100, 1), size: 200);
        var snapshot = await Builder.SnapshotAsync(node);

        await using var stream = await new SnapshotDumper(Repository).OpenFileAsync(snapshot, "/short");

        Assert.That(async () => await stream.CopyToAsync(Stream.Null), Throws.InstanceOf<CorruptObjectException>());
    }

    [Test]
    public async Task Dump_OfMissingPath_ThrowsNamingIt()
    {
        var snapshot = await Builder.SnapshotAsync(await Builder.FileAsync("a", "x"));

        var ex = Assert.ThrowsAsync<SnapshotPathNotFoundException>(async () => await new SnapshotDumper(Repository).DumpAsync(snapshot, "/nope/a", Stream.Null));

        Assert.That(ex!.Path, Is.EqualTo("/nope/a"));
    }

    [Test]
    public async Task Tar_OfDirectory_RoundTripsContentAndMetadataThroughTarReader()
    {
        var big = TestRepositories.RandomBytes(200_000, 11);
        var file = await Builder.FileAsync("report.bin", big, mode: 0x8000 | 0x1A0 /* 0640 */, uid: 1234, gid: 5678, mtime: FileTime, inode: 77, links: 2);
        var twin = await Builder.FileAsync("twin.bin", big, mode: 0x8000 | 0x1A0, uid: 1234, gid: 5678, mtime: FileTime, inode: 77, links: 2);
        var sub = SnapshotBuilder.Dir("sub", await Builder.TreeAsync(await Builder.FileAsync("note.txt", "hello"), SnapshotBuilder.Symlink("link", "../report.bin")), mode: 0x4000 | 0x1C0 /* 0700 */, mtime: FileTime);
        var x = SnapshotBuilder.Dir("x", await Builder.TreeAsync(file, sub, twin, SnapshotBuilder.Special("pipe", NodeType.Fifo, 0x1000 | 0x1B6)), mtime: FileTime);
        var snapshot = await Builder.SnapshotAsync(SnapshotBuilder.Dir("data", await Builder.TreeAsync(x)));
        using var archive = new MemoryStream();

        var result = await new SnapshotDumper(Repository).DumpAsync(snapshot, "/data/x", archive);

        archive.Position = 0;
        var entries = await ReadAllAsync(archive);
        Assert.Multiple(() =>
        {
            Assert.That(result.Format, Is.EqualTo(DumpFormat.Tar));
            Assert.That(result.Skipped, Is.Empty);
            Assert.That(entries.Keys, Is.EqualTo(new[] { "x/", "x/pipe", "x/report.bin", "x/sub/", "x/sub/link", "x/sub/note.txt", "x/twin.bin" }));
            var report = entries["x/report.bin"];
            Assert.That(report.Entry.EntryType, Is.EqualTo(TarEntryType.RegularFile));
            Assert.That(report.Content, Is.EqualTo(big));
            Assert.That((int)report.Entry.Mode, Is.EqualTo(0x1A0));
            Assert.That((report.Entry.Uid, report.Entry.Gid), Is.EqualTo((1234, 5678)));
            Assert.That(report.Entry.ModificationTime, Is.EqualTo(DateTimeOffset.UnixEpoch.AddTicks(FileTime / 100)));
            Assert.That(entries["x/twin.bin"].Entry.EntryType, Is.EqualTo(TarEntryType.HardLink));
            Assert.That(entries["x/twin.bin"].Entry.LinkName, Is.EqualTo("x/report.bin"));
            Assert.That(entries["x/sub/"].Entry.EntryType, Is.EqualTo(TarEntryType.Directory));
            Assert.That((int)entries["x/sub/"].Entry.Mode, Is.EqualTo(0x1C0));
            Assert.That(entries["x/sub/note.txt"].Content, Is.EqualTo("hello"u8.ToArray()));
            Assert.That(entries["x/sub/link"].Entry.EntryType, Is.EqualTo(TarEntryType.SymbolicLink));
            Assert.That(entries["x/sub/link"].Entry.LinkName, Is.EqualTo("../report.bin"));
            Assert.That(entries["x/pipe"].Entry.EntryType, Is.EqualTo(TarEntryType.Fifo));
        });
    }

    [Test]
    public async Task Tar_OfForgedTree_WritesOnlyRelativeSingleComponentNames()
    {
        var evil = await Builder.TreeAsync(
            await Builder.FileAsync("..", "up"),
            await Builder.FileAsync("a/../../etc/passwd", "slash"),
            await Builder.FileAsync("/abs", "absolute"),
            await Builder.FileAsync("ok.txt", "fine"),
            await Builder.FileAsync("ok.txt", "duplicate"));
        var snapshot = await Builder.SnapshotAsync(SnapshotBuilder.Dir("d", evil));
        using var archive = new MemoryStream();

        var result = await new SnapshotDumper(Repository).DumpAsync(snapshot, "/", archive);

        archive.Position = 0;
        var entries = await ReadAllAsync(archive);
        Assert.Multiple(() =>
        {
            Assert.That(entries.Keys, Is.EqualTo(new[] { "d/", "d/ok.txt" }));
            Assert.That(entries["d/ok.txt"].Content, Is.EqualTo("fine"u8.ToArray()));
            Assert.That(result.Skipped, Has.Count.EqualTo(4));
        });
    }

    [Test]
    public async Task Find_WithNameAndPathPatterns_ListsEverySnapshotHoldingAMatchWithSizeAndTime()
    {
        var first = await Builder.SnapshotAsync(SnapshotBuilder.Dir("data", await Builder.TreeAsync(await Builder.FileAsync("a.pdf", TestRepositories.RandomBytes(10, 1), mtime: FileTime))));
        var second = await Builder.SnapshotAsync(SnapshotBuilder.Dir("data", await Builder.TreeAsync(await Builder.FileAsync("a.pdf", TestRepositories.RandomBytes(20, 2)), await Builder.FileAsync("b.txt", "b"))));
        var finder = new SnapshotFinder(Repository);

        var byName = await ToListAsync(finder.FindAsync([first, second], "*.pdf"));
        var byPath = await ToListAsync(finder.FindAsync([first, second], "/data/b.*"));

        Assert.Multiple(() =>
        {
            Assert.That(byName.Select(m => (m.SnapshotId, m.Path, m.Size)), Is.EqualTo(new[] { (first.Id, "/data/a.pdf", 10L), (second.Id, "/data/a.pdf", 20L) }));
            Assert.That(byName[0].ModificationTime, Is.EqualTo(DateTimeOffset.UnixEpoch.AddTicks(FileTime / 100)));
            Assert.That(byPath.Select(m => (m.SnapshotId, m.Path)), Is.EqualTo(new[] { (second.Id, "/data/b.txt") }));
        });
    }

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
        {
            list.Add(item);
        }

        return list;
    }

    private static async Task<Dictionary<string, (TarEntry Entry, byte[]? Content)>> ReadAllAsync(Stream archive)
    {
        var result = new Dictionary<string, (TarEntry, byte[]?)>();
        await using var reader = new TarReader(archive);
        while (await reader.GetNextEntryAsync(copyData: true) is { } entry)
        {
            byte[]? content = null;
            if (entry.DataStream is { } data)
            {
                using var copy = new MemoryStream();
                await data.CopyToAsync(copy);
                content = copy.ToArray();
            }

            result.Add(entry.Name, (entry, content));
        }

        return result;
    }
}
