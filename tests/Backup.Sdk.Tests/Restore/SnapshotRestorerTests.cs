using System.Runtime.Versioning;
using System.Text;
using Backup.Sdk.Repository.Trees;
using Backup.Sdk.Restore;
using Backup.Sdk.Sources.FileSystem;
using Backup.Sdk.Tests.Support;

namespace Backup.Sdk.Tests.Restore;

[SupportedOSPlatform("linux")]
public class SnapshotRestorerTests : RestoreTestBase
{
    private const long FileTime = 1_600_000_000_123_456_789;
    private const long DirTime = 1_500_000_000_987_654_321;

    [Test]
    public async Task Restore_BackupOfDataX_RecreatesAbsolutePathBelowTarget()
    {
        var snapshot = await Builder.SnapshotAsync(await Builder.DirAsync("data", await Builder.DirAsync("x", await Builder.FileAsync("f.txt", "hello"))));

        var result = await RestoreAsync(snapshot);

        Assert.Multiple(() =>
        {
            Assert.That(File.ReadAllText(InTarget("data/x/f.txt")), Is.EqualTo("hello"));
            Assert.That(result.FilesRestored, Is.EqualTo(1));
            Assert.That(result.DirectoriesRestored, Is.EqualTo(2));
            Assert.That(result.BytesWritten, Is.EqualTo(5));
            Assert.That(result.Skipped, Is.Empty);
        });
    }

    [Test]
    public async Task Restore_FileAndDirectory_RestoresContentModeWithSetuidOwnerAndNanosecondTimes()
    {
        Assume.That(Environment.IsPrivilegedProcess, "needs root to set owners");
        var content = TestRepositories.RandomBytes(300_000, 1);
        var file = await Builder.FileAsync("tool", content, mode: 0x8000 | 0xDED /* 04755 */, uid: 1234, gid: 5678, mtime: FileTime, atime: FileTime - 5);
        var dir = SnapshotBuilder.Dir("d", await Builder.TreeAsync(file), mode: 0x4000 | 0x1E8 /* 0750 */, uid: 1234, gid: 5678, mtime: DirTime);
        var snapshot = await Builder.SnapshotAsync(dir);

        var result = await RestoreAsync(snapshot);

        var fileInfo = FileSystem.GetInfo(InTarget("d/tool"));
        var dirInfo = FileSystem.GetInfo(InTarget("d"));
        Assert.Multiple(() =>
        {
            Assert.That(result.Skipped, Is.Empty);
            Assert.That(File.ReadAllBytes(InTarget("d/tool")), Is.EqualTo(content));
            Assert.That(fileInfo.Mode & 0xFFF, Is.EqualTo(0xDED), "setuid and 0755");
            Assert.That((fileInfo.UserId, fileInfo.GroupId), Is.EqualTo((1234u, 5678u)));
            Assert.That(fileInfo.ModificationTimeNs, Is.EqualTo(FileTime));
            Assert.That(fileInfo.AccessTimeNs, Is.EqualTo(FileTime - 5));
            Assert.That(dirInfo.Mode & 0xFFF, Is.EqualTo(0x1E8));
            Assert.That((dirInfo.UserId, dirInfo.GroupId), Is.EqualTo((1234u, 5678u)));
            Assert.That(dirInfo.ModificationTimeNs, Is.EqualTo(DirTime), "directory mtime survives its children");
        });
    }

    [Test]
    public async Task Restore_Symlink_RestoresTargetBytesOwnerAndTime()
    {
        var target = new byte[] { (byte)'.', (byte)'.', (byte)'/', 0xFF, (byte)'x' };
        var snapshot = await Builder.SnapshotAsync(SnapshotBuilder.Symlink("link", "", uid: 1234, gid: 5678, mtime: FileTime, targetBytes: target));

        var result = await RestoreAsync(snapshot);

        var info = FileSystem.GetInfo(InTarget("link"));
        Assert.Multiple(() =>
        {
            Assert.That(result.SymlinksRestored, Is.EqualTo(1));
            Assert.That(FileSystem.ReadLink(InTarget("link")), Is.EqualTo(target));
            Assert.That(info.Type, Is.EqualTo(FileEntryType.SymbolicLink));
            Assert.That(info.ModificationTimeNs, Is.EqualTo(FileTime));
            if (Environment.IsPrivilegedProcess)
            {
                Assert.That((info.UserId, info.GroupId), Is.EqualTo((1234u, 5678u)));
            }
        });
    }

    [Test]
    public async Task Restore_HardLinkPair_SharesOneInode()
    {
        var content = Encoding.UTF8.GetBytes("linked");
        var a = await Builder.FileAsync("a", content, inode: 77, links: 2);
        var b = await Builder.FileAsync("b", content, inode: 77, links: 2);
        var snapshot = await Builder.SnapshotAsync(await Builder.DirAsync("one", a), await Builder.DirAsync("two", b));

        var result = await RestoreAsync(snapshot);

        var first = FileSystem.GetInfo(InTarget("one/a"));
        var second = FileSystem.GetInfo(InTarget("two/b"));
        Assert.Multiple(() =>
        {
            Assert.That(result.FilesRestored, Is.EqualTo(1));
            Assert.That(result.HardLinksRestored, Is.EqualTo(1));
            Assert.That(second.Inode, Is.EqualTo(first.Inode));
            Assert.That(first.LinkCount, Is.EqualTo(2));
            Assert.That(File.ReadAllBytes(InTarget("two/b")), Is.EqualTo(content));
        });
    }

    [Test]
    public async Task Restore_SparseFile_WritesOnlyDataRegionsAndLeavesHoles()
    {
        const long size = 16L * 1024 * 1024;
        var head = TestRepositories.RandomBytes(8192, 2);
        var tail = TestRepositories.RandomBytes(4096, 3);
        var regions = new[] { new FileDataRegion(0, head.Length), new FileDataRegion(size - tail.Length, tail.Length) };
        var file = await Builder.FileAsync("disk.img", [.. head, .. tail], regions: regions, size: size);
        var snapshot = await Builder.SnapshotAsync(file);

        var result = await RestoreAsync(snapshot);

        var path = InTarget("disk.img");
        var info = FileSystem.GetInfo(path);
        var bytes = File.ReadAllBytes(path);
        var expected = new byte[size];
        head.CopyTo(expected, 0);
        tail.CopyTo(expected, size - tail.Length);
        Assert.Multiple(() =>
        {
            Assert.That(result.Skipped, Is.Empty);
            Assert.That(info.Size, Is.EqualTo(size));
            Assert.That(info.AllocatedBytes, Is.LessThan(size / 4), "holes stay holes");
            Assert.That(bytes.AsSpan().SequenceEqual(expected), Is.True);
        });
    }

    [Test]
    public async Task Restore_NonSparseFileWithZeroBlobs_LeavesZeroRunsAsHolesWithExactContent()
    {
        var content = new byte[4 * 1024 * 1024];
        content[0] = 1;
        var snapshot = await Builder.SnapshotAsync(await Builder.FileAsync("zeros", content, mode: SnapshotBuilder.FileMode));

        await RestoreAsync(snapshot);

        Assert.Multiple(() =>
        {
            Assert.That(File.ReadAllBytes(InTarget("zeros")), Is.EqualTo(content));
            Assert.That(FileSystem.GetInfo(InTarget("zeros")).AllocatedBytes, Is.LessThan(content.Length / 2));
        });
    }

    [Test]
    public async Task Restore_InvalidUtf8AndMaximumLengthNames_AreRestoredByteExact()
    {
        var invalid = new byte[] { (byte)'c', (byte)'a', (byte)'f', 0xE9 };
        var longName = new string('n', 255);
        var snapshot = await Builder.SnapshotAsync(
            await Builder.FileAsync("", Encoding.UTF8.GetBytes("latin1"), rawName: invalid),
            await Builder.FileAsync(longName, "long"));

        var result = await RestoreAsync(snapshot);

        using var target = DirectoryHandle.Open(Target);
        var names = target.EnumerateEntries().Select(e => e.Name.ToArray()).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(result.FilesRestored, Is.EqualTo(2));
            Assert.That(names, Has.Some.EqualTo(invalid));
            Assert.That(File.ReadAllText(InTarget(longName)), Is.EqualTo("long"));
        });
    }

    [Test]
    public async Task Restore_TreeDeeperThanPathMax_RestoresEveryLevel()
    {
        const int levels = 150;
        var name = new string('d', 40); // 150 × 41 bytes: far past PATH_MAX (4096)
        var node = await Builder.FileAsync("leaf", "deep");
        for (var i = 0; i < levels; i++)
        {
            node = await Builder.DirAsync(name, node);
        }

        var result = await RestoreAsync(await Builder.SnapshotAsync(node));

        using var current = DirectoryHandle.Open(Target);
        var handles = new List<DirectoryHandle> { current };
        try
        {
            for (var i = 0; i < levels; i++)
            {
                handles.Add(handles[^1].OpenDirectory(Encoding.UTF8.GetBytes(name)));
            }

            using var leaf = handles[^1].OpenFile("leaf"u8);
            var buffer = new byte[16];
            var read = RandomAccess.Read(leaf, buffer, 0);
            Assert.Multiple(() =>
            {
                Assert.That(Encoding.UTF8.GetString(buffer, 0, read), Is.EqualTo("deep"));
                Assert.That(result.DirectoriesRestored, Is.EqualTo(levels));
                Assert.That(result.Skipped, Is.Empty);
            });
        }
        finally
        {
            foreach (var handle in handles.Skip(1))
            {
                handle.Dispose();
            }
        }
    }

    [Test]
    public async Task Restore_EmptyFileEmptyDirectoryFifoAndDevice_AreCreated()
    {
        Assume.That(Environment.IsPrivilegedProcess, "device nodes need root");
        var snapshot = await Builder.SnapshotAsync(
            await Builder.FileAsync("empty", []),
            SnapshotBuilder.Dir("emptydir", await Builder.TreeAsync()),
            SnapshotBuilder.Special("pipe", NodeType.Fifo, 0x1000 | 0x1A4),
            SnapshotBuilder.Special("null", NodeType.CharDevice, 0x2000 | 0x1B6, UnixDevice.Make(1, 3)));

        var result = await RestoreAsync(snapshot);

        var device = FileSystem.GetInfo(InTarget("null"));
        Assert.Multiple(() =>
        {
            Assert.That(result.Skipped, Is.Empty);
            Assert.That(FileSystem.GetInfo(InTarget("empty")).Size, Is.Zero);
            Assert.That(Directory.GetFileSystemEntries(InTarget("emptydir")), Is.Empty);
            Assert.That(FileSystem.GetInfo(InTarget("pipe")).Type, Is.EqualTo(FileEntryType.Fifo));
            Assert.That(device.Type, Is.EqualTo(FileEntryType.CharacterDevice));
            Assert.That(device.SpecialDeviceId, Is.EqualTo(UnixDevice.Make(1, 3)));
            Assert.That(result.SpecialFilesRestored, Is.EqualTo(2));
        });
    }

    [Test]
    public async Task Restore_ManyFilesInParallel_WritesEveryFileCorrectly()
    {
        var nodes = new List<TreeNode>();
        for (var i = 0; i < 200; i++)
        {
            nodes.Add(await Builder.FileAsync($"f{i:D3}", TestRepositories.RandomBytes(1000 + (i * 997), i), mtime: FileTime + i));
        }

        var snapshot = await Builder.SnapshotAsync(await Builder.DirAsync("many", [.. nodes]));
        var reports = new List<RestoreProgress>();
        var progress = new SynchronousProgress(reports);

        var result = await new SnapshotRestorer(Repository).RestoreAsync(snapshot, Options(o => o.MaxConcurrency = 4), progress);

        Assert.Multiple(() =>
        {
            Assert.That(result.FilesRestored, Is.EqualTo(200));
            for (var i = 0; i < 200; i++)
            {
                var path = InTarget($"many/f{i:D3}");
                Assert.That(File.ReadAllBytes(path), Is.EqualTo(TestRepositories.RandomBytes(1000 + (i * 997), i)));
                Assert.That(FileSystem.GetInfo(path).ModificationTimeNs, Is.EqualTo(FileTime + i));
            }

            Assert.That(reports, Has.Count.EqualTo(200));
            Assert.That(reports.Max(r => r.FilesDone), Is.EqualTo(200));
            Assert.That(reports.Max(r => r.BytesDone), Is.EqualTo(reports[0].TotalBytes));
        });
    }

    [Test]
    public async Task Restore_WritersLaggingBehindTheWalker_StillSetEachFilesMetadata()
    {
        // One writer and several 1 MiB files in sibling directories: the walker leaves each directory long before its file
        // is written, and the writer must still set the file's metadata by name in it.
        var dirs = new List<TreeNode>();
        for (var i = 0; i < 6; i++)
        {
            dirs.Add(await Builder.DirAsync($"d{i}", await Builder.FileAsync("f", TestRepositories.RandomBytes(1 << 20, i), mode: 0x8000 | 0x1C0, mtime: FileTime + i)));
        }

        var result = await new SnapshotRestorer(Repository).RestoreAsync(await Builder.SnapshotAsync([.. dirs]), Options(o => o.MaxConcurrency = 1));

        Assert.Multiple(() =>
        {
            Assert.That(result.Skipped, Is.Empty);
            for (var i = 0; i < 6; i++)
            {
                var info = FileSystem.GetInfo(InTarget($"d{i}/f"));
                Assert.That(info.ModificationTimeNs, Is.EqualTo(FileTime + i));
                Assert.That(info.Mode & 0xFFF, Is.EqualTo(0x1C0));
                Assert.That(FileSystem.GetInfo(InTarget($"d{i}")).ModificationTimeNs, Is.EqualTo(SnapshotBuilder.DefaultTime));
            }
        });
    }

    private sealed class SynchronousProgress(List<RestoreProgress> reports) : IProgress<RestoreProgress>
    {
        public void Report(RestoreProgress value)
        {
            lock (reports)
            {
                reports.Add(value);
            }
        }
    }
}
