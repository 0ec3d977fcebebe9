using System.Runtime.Versioning;
using System.Text;
using Backup.Sdk.Repository.Trees;
using Backup.Sdk.Sources.FileSystem;
using Backup.Sdk.Tests.Support;

namespace Backup.Sdk.Tests.Backups;

[Platform("Linux")]
[SupportedOSPlatform("linux")]
public class FileBackupEntryKindTests : FileBackupFixture
{
    private readonly LinuxFileSystemMetadata _fs = new();

    [Test]
    public async Task Backup_RegularFile_StoresContentModeOwnerAndNanosecondTimes()
    {
        var content = TestRepositories.RandomBytes(300_000, 1);
        var path = Write("data.bin", content);
        _fs.SetOwner(path, 1234, 5678);
        _fs.SetMode(path, (UnixFileMode)0b110_100_000); // 0640
        const long mtime = 1_700_000_000_123_456_789;
        _fs.SetTimes(path, mtime, mtime);
        var info = _fs.GetInfo(path);

        var result = await BackupAsync();
        var stored = (await ReadBackAsync(result))[path];

        Assert.Multiple(() =>
        {
            Assert.That(stored.Content, Is.EqualTo(content));
            Assert.That(stored.Node.Mode, Is.EqualTo(0x8000u | 0b110_100_000));
            Assert.That(stored.Node.Uid, Is.EqualTo(1234));
            Assert.That(stored.Node.Gid, Is.EqualTo(5678));
            Assert.That(stored.Node.ModificationTimeNs, Is.EqualTo(mtime));
            Assert.That(stored.Node.ChangeTimeNs, Is.EqualTo(info.ChangeTimeNs));
            Assert.That(stored.Node.Size, Is.EqualTo(content.Length));
            Assert.That(result.FilesNew, Is.EqualTo(1));
            Assert.That(result.BytesRead, Is.EqualTo(content.Length));
            Assert.That(result.Errors, Is.Empty);
        });
    }

    [Test]
    public async Task Backup_EmptyFileAndEmptyDirectory_AreStored()
    {
        var file = Write("empty", []);
        var dir = Source.Combine("nothing");
        Directory.CreateDirectory(dir);

        var entries = await ReadBackAsync(await BackupAsync());

        Assert.Multiple(() =>
        {
            Assert.That(entries[file].Node.Type, Is.EqualTo(NodeType.File));
            Assert.That(entries[file].Content, Is.Empty);
            Assert.That(entries[dir].Node.Type, Is.EqualTo(NodeType.Directory));
            Assert.That(entries.Keys.Where(k => k.StartsWith(dir + "/", StringComparison.Ordinal)), Is.Empty);
        });
    }

    [Test]
    public async Task Backup_Symlink_StoresTargetBytesWithoutFollowing()
    {
        byte[] target = [.. "../nowhere/"u8, 0xFF, 0xFE];
        var link = Source.Combine("link");
        _fs.CreateSymlink(target, link);

        var node = (await ReadBackAsync(await BackupAsync()))[link].Node;

        Assert.Multiple(() =>
        {
            Assert.That(node.Type, Is.EqualTo(NodeType.Symlink));
            Assert.That(node.LinkTargetBytes, Is.EqualTo(target));
            Assert.That(node.Content, Is.Null);
        });
    }

    [Test]
    public async Task Backup_HardLinkPair_ReadsOnceAndSharesInode()
    {
        var content = TestRepositories.RandomBytes(100_000, 2);
        var first = Write("a", content);
        var second = Source.Combine("b");
        _fs.CreateHardLink(first, second);

        var result = await BackupAsync();
        var entries = await ReadBackAsync(result);

        Assert.Multiple(() =>
        {
            Assert.That(result.BytesRead, Is.EqualTo(content.Length), "content read once");
            Assert.That(entries[second].Content, Is.EqualTo(content));
            Assert.That(entries[second].Node.Inode, Is.EqualTo(entries[first].Node.Inode));
            Assert.That(entries[second].Node.DeviceId, Is.EqualTo(entries[first].Node.DeviceId));
            Assert.That(entries[first].Node.Links, Is.EqualTo(2));
            Assert.That(entries[second].Node.Links, Is.EqualTo(2));
        });
    }

    [Test]
    public async Task Backup_SparseFile_StoresOnlyDataRegions()
    {
        const int MiB = 1 << 20;
        var path = Source.Combine("sparse");
        var data = TestRepositories.RandomBytes(4096, 3);
        using (var file = _fs.CreateFile(path, UnixFileMode.UserRead | UnixFileMode.UserWrite))
        {
            _fs.SetLength(file, 3L * MiB);
            RandomAccess.Write(file, data, MiB);
        }

        var result = await BackupAsync();
        var stored = (await ReadBackAsync(result))[path];
        var expected = new byte[3 * MiB];
        data.CopyTo(expected, MiB);

        Assert.Multiple(() =>
        {
            Assert.That(stored.Node.DataRegions, Is.EqualTo(new[] { new FileDataRegion(MiB, 4096) }));
            Assert.That(stored.Node.Size, Is.EqualTo(3L * MiB));
            Assert.That(stored.Content, Is.EqualTo(expected));
            Assert.That(result.BytesRead, Is.EqualTo(4096), "holes are never read");
        });
    }

    [Test]
    public async Task Backup_InvalidUtf8And255ByteNames_KeepRawBytes()
    {
        byte[] invalid = [(byte)'b', 0xFF, (byte)'x'];
        var longName = Encoding.ASCII.GetBytes(new string('n', 255));
        File.WriteAllBytes(Source.Combine(new string('n', 255)), [1, 2, 3]);
        using (var directory = DirectoryHandle.Open(Source.Path))
        using (var file = directory.CreateFile(invalid, UnixFileMode.UserRead | UnixFileMode.UserWrite))
        {
            RandomAccess.Write(file, "odd"u8, 0);
        }

        var entries = await ReadBackAsync(await BackupAsync());
        var odd = entries[Source.Path + "/" + UnixPath.ToDisplayString(invalid)];

        Assert.Multiple(() =>
        {
            Assert.That(odd.Node.Name, Is.Null);
            Assert.That(odd.Node.NameBytes, Is.EqualTo(invalid));
            Assert.That(odd.Content, Is.EqualTo("odd"u8.ToArray()));
            Assert.That(entries[Source.Path + "/" + Encoding.ASCII.GetString(longName)].Content, Is.EqualTo(new byte[] { 1, 2, 3 }));
        });
    }

    [Test]
    public async Task Backup_FifoAndDevice_StoredAsMetadata()
    {
        var fifo = Source.Combine("pipe");
        _fs.CreateFifo(fifo, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var device = Source.Combine("null");
        _fs.CreateDevice(device, FileEntryType.CharacterDevice, UnixFileMode.UserRead | UnixFileMode.UserWrite, UnixDevice.Make(1, 3));

        var entries = await ReadBackAsync(await BackupAsync());

        Assert.Multiple(() =>
        {
            Assert.That(entries[fifo].Node.Type, Is.EqualTo(NodeType.Fifo));
            Assert.That(entries[device].Node.Type, Is.EqualTo(NodeType.CharDevice));
            Assert.That(entries[device].Node.RDev, Is.EqualTo(UnixDevice.Make(1, 3)));
        });
    }

    [Test]
    public async Task Backup_150LevelDeepTree_BeyondPathMax_RoundTrips()
    {
        var name = Encoding.ASCII.GetBytes(new string('d', 40));
        var directory = DirectoryHandle.Open(Source.Path);
        for (var i = 0; i < 150; i++)
        {
            directory.CreateDirectory(name, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            var child = directory.OpenDirectory(name);
            directory.Dispose();
            directory = child;
        }

        using (directory)
        using (var file = directory.CreateFile("leaf"u8, UnixFileMode.UserRead | UnixFileMode.UserWrite))
        {
            RandomAccess.Write(file, "deep"u8, 0);
        }

        var result = await BackupAsync();
        var entries = await ReadBackAsync(result);
        var leaf = entries.Single(e => e.Key.EndsWith("/leaf", StringComparison.Ordinal));

        Assert.Multiple(() =>
        {
            Assert.That(Encoding.UTF8.GetByteCount(leaf.Key), Is.GreaterThan(4096));
            Assert.That(leaf.Value.Content, Is.EqualTo("deep"u8.ToArray()));
            Assert.That(result.Errors, Is.Empty);
        });
    }

    [Test]
    public async Task Backup_RootTree_RecreatesParentDirectoriesOfEachPath()
    {
        var file = Write("x/data/y", [7]);
        var path = Source.Combine("x/data");
        var result = await BackupAsync(new() { Paths = [path], Hostname = "h" });

        var components = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var tree = await Repository.Trees.LoadAsync(result.Snapshot.Tree);
        foreach (var component in components)
        {
            Assert.That(tree.Nodes.Select(n => n.Name), Is.EqualTo(new[] { component }));
            var node = tree.Nodes[0];
            Assert.That(node.Type, Is.EqualTo(NodeType.Directory));
            tree = await Repository.Trees.LoadAsync(node.Subtree!.Value);
        }

        Assert.Multiple(() =>
        {
            Assert.That(tree.Nodes.Select(n => n.Name), Is.EqualTo(new[] { "y" }));
            Assert.That(result.Snapshot.Paths, Is.EqualTo(new[] { path }));
        });
        var parentNode = (await ReadBackAsync(result))[Source.Path].Node;
        Assert.That(parentNode.ModificationTimeNs, Is.EqualTo(_fs.GetInfo(Source.Path).ModificationTimeNs), "parents carry their real metadata");
        _ = file;
    }
}
