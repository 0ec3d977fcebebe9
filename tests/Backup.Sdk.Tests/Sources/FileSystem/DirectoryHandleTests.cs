using System.Runtime.Versioning;
using System.Text;
using Backup.Sdk.Sources.FileSystem;

namespace Backup.Sdk.Tests.Sources.FileSystem;

[Platform("Linux")]
[SupportedOSPlatform("linux")]
public class DirectoryHandleTests
{
    private const UnixFileMode Mode755 = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    private const int Eexist = 17;
    private const int Enametoolong = 36;
    private const int Eloop = 40;
    private const int Enotdir = 20; // what Linux reports for O_DIRECTORY|O_NOFOLLOW on a symbolic link

    private TemporaryDirectory _dir = null!;
    private DirectoryHandle _root = null!;

    [SetUp]
    public void SetUp()
    {
        _dir = new TemporaryDirectory();
        _root = DirectoryHandle.Open(_dir.Path);
    }

    [TearDown]
    public void TearDown()
    {
        _root.Dispose();
        _dir.Dispose();
    }

    [Test]
    public void DeepTree_PastPathMax_WorksThroughHandles_ButNotThroughPaths()
    {
        const int depth = 200;
        var name = Encoding.ASCII.GetBytes(new string('d', 30));
        var handles = new List<DirectoryHandle>();
        try
        {
            var current = _root;
            for (var i = 0; i < depth; i++)
            {
                current.CreateDirectory(name, Mode755);
                current = current.OpenDirectory(name);
                handles.Add(current);
            }

            current.CreateFile("leaf"u8, Mode755).Dispose();
            current.SetTimes("leaf"u8, 1_500_000_000_111_111_111, 1_500_000_000_123_456_789);
            var info = current.GetInfo("leaf"u8);
            var fullPath = current.Path + "/leaf";

            Assert.Multiple(() =>
            {
                Assert.That(Encoding.UTF8.GetByteCount(fullPath), Is.GreaterThan(4096));
                Assert.That(info.Type, Is.EqualTo(FileEntryType.RegularFile));
                Assert.That(info.ModificationTimeNs, Is.EqualTo(1_500_000_000_123_456_789));
                Assert.That(current.EnumerateEntries().Single().Name, Is.EqualTo("leaf"u8.ToArray()));
                Assert.That(
                    () => new LinuxFileSystemMetadata().GetInfo(fullPath),
                    Throws.InstanceOf<FileSystemEntryException>().With.Property(nameof(FileSystemEntryException.Errno)).EqualTo(Enametoolong));
            });
        }
        finally
        {
            handles.ForEach(h => h.Dispose());
        }
    }

    [Test]
    public void OpenDirectory_ThroughPlantedSymlink_IsRefused()
    {
        _root.CreateSymlink("/etc"u8, "escape"u8);

        Assert.That(
            () => _root.OpenDirectory("escape"u8),
            Throws.InstanceOf<FileSystemEntryException>().With.Property(nameof(FileSystemEntryException.Errno)).EqualTo(Enotdir));
        using var followed = _root.OpenDirectory("escape"u8, followSymlink: true);
        Assert.That(followed.GetInfo().Inode, Is.EqualTo(new LinuxFileSystemMetadata().GetInfo("/etc").Inode));
    }

    [Test]
    public void CreateFile_OverPlantedSymlink_FailsAndWritesNothingThroughIt()
    {
        _root.CreateFile("victim"u8, Mode755).Dispose();
        _root.CreateSymlink("victim"u8, "planted"u8);

        Assert.Multiple(() =>
        {
            Assert.That(
                () => _root.CreateFile("planted"u8, Mode755),
                Throws.InstanceOf<FileSystemEntryException>().With.Property(nameof(FileSystemEntryException.Errno)).EqualTo(Eexist));
            Assert.That(
                () => _root.OpenFile("planted"u8),
                Throws.InstanceOf<FileSystemEntryException>().With.Property(nameof(FileSystemEntryException.Errno)).EqualTo(Eloop));
            Assert.That(_root.GetInfo("victim"u8).Size, Is.Zero);
        });
    }

    [TestCase("")]
    [TestCase(".")]
    [TestCase("..")]
    [TestCase("a/b")]
    [TestCase("../etc")]
    public void Operations_WithAnythingButOneName_AreRefused(string name)
    {
        var bytes = Encoding.UTF8.GetBytes(name);

        Assert.Multiple(() =>
        {
            Assert.That(() => _root.GetInfo(bytes), Throws.ArgumentException);
            Assert.That(() => _root.OpenDirectory(bytes), Throws.ArgumentException);
            Assert.That(() => _root.CreateFile(bytes, Mode755), Throws.ArgumentException);
        });
    }

    [Test]
    public void EntriesMadeThroughHandles_HaveTheirMetadata()
    {
        Assume.That(Environment.IsPrivilegedProcess, "changing owners needs root");
        _root.CreateDirectory("sub"u8, Mode755);
        using var sub = _root.OpenDirectory("sub"u8);
        using (var handle = sub.CreateFile("file"u8, Mode755))
        {
            RandomAccess.Write(handle, "data"u8, 0);
        }

        _root.CreateHardLink(sub, "file"u8, "link"u8);
        sub.CreateSymlink("file"u8, "symlink"u8);
        sub.CreateFifo("pipe"u8, Mode755);
        sub.SetOwner("file"u8, 1234, 5678);
        sub.SetMode("file"u8, UnixFileMode.SetGroup | Mode755);
        sub.SetTimes("symlink"u8, 2_000_000_000, 3_000_000_001);

        var file = _root.GetInfo("link"u8);
        Assert.Multiple(() =>
        {
            Assert.That(file.Inode, Is.EqualTo(sub.GetInfo("file"u8).Inode));
            Assert.That(file.LinkCount, Is.EqualTo(2));
            Assert.That((file.UserId, file.GroupId), Is.EqualTo((1234u, 5678u)));
            Assert.That(file.Permissions, Is.EqualTo(UnixFileMode.SetGroup | Mode755));
            Assert.That(sub.ReadLink("symlink"u8), Is.EqualTo("file"u8.ToArray()));
            Assert.That(sub.GetInfo("symlink"u8).ModificationTimeNs, Is.EqualTo(3_000_000_001));
            Assert.That(sub.GetInfo("pipe"u8).Type, Is.EqualTo(FileEntryType.Fifo));
            Assert.That(sub.GetInfo().Inode, Is.EqualTo(_root.GetInfo("sub"u8).Inode));
            Assert.That(sub.Path, Is.EqualTo(_dir.Combine("sub")));
        });
    }

    [Test]
    public void DeleteAndDeleteDirectory_RemoveNamesNotTargets()
    {
        _root.CreateDirectory("sub"u8, Mode755);
        _root.CreateFile("file"u8, Mode755).Dispose();
        _root.CreateSymlink("file"u8, "link"u8);

        _root.Delete("link"u8);
        _root.DeleteDirectory("sub"u8);

        Assert.Multiple(() =>
        {
            Assert.That(_root.EnumerateEntries().Select(e => e.Name), Is.EqualTo(new[] { "file"u8.ToArray() }));
            Assert.That(() => _root.GetInfo("sub"u8), Throws.TypeOf<FileSystemEntryNotFoundException>());
        });
    }
}
