using System.Runtime.Versioning;
using System.Text;
using Backup.Sdk.Sources.FileSystem;

namespace Backup.Sdk.Tests.Sources.FileSystem;

[Platform("Linux")]
[SupportedOSPlatform("linux")]
public class LinuxFileSystemMetadataTests
{
    private const UnixFileMode Mode644 = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private const int Enametoolong = 36;
    private const int Enotdir = 20; // what Linux reports for O_DIRECTORY|O_NOFOLLOW on a symbolic link
    private const int Eopnotsupp = 95;

    private readonly LinuxFileSystemMetadata _fs = new();
    private TemporaryDirectory _dir = null!;

    [SetUp]
    public void SetUp() => _dir = new TemporaryDirectory();

    [TearDown]
    public void TearDown() => _dir.Dispose();

    [Test]
    public void GetInfo_OfRegularFile_ReportsWhatTheFileIs()
    {
        var path = _dir.Combine("file");
        File.WriteAllText(path, "hello");

        var info = _fs.GetInfo(path);

        Assert.Multiple(() =>
        {
            Assert.That(info.Type, Is.EqualTo(FileEntryType.RegularFile));
            Assert.That(info.Mode & 0xF000, Is.EqualTo(0x8000));
            Assert.That(info.Size, Is.EqualTo(5));
            Assert.That(info.LinkCount, Is.EqualTo(1));
            Assert.That(info.Inode, Is.Not.Zero);
            Assert.That(info.DeviceId, Is.EqualTo(_fs.GetInfo(_dir.Path).DeviceId));
            Assert.That(info.Permissions, Is.EqualTo(File.GetUnixFileMode(path)));
            Assert.That(info.ModificationTimeNs, Is.EqualTo(new DateTimeOffset(File.GetLastWriteTimeUtc(path)).ToUnixTimeMilliseconds() * 1_000_000).Within(1_000_000));
        });
    }

    [TestCase(1_700_000_000_123_456_789L, 1_600_000_000_987_654_321L)]
    [TestCase(-123_456_789L, -1_000_000_001L)]
    public void SetTimes_ThenGetInfo_ReturnsTheSameNanoseconds(long modificationTimeNs, long accessTimeNs)
    {
        var path = _dir.Combine("file");
        File.WriteAllText(path, "x");

        _fs.SetTimes(path, accessTimeNs, modificationTimeNs);
        var info = _fs.GetInfo(Encoding.UTF8.GetBytes(path));

        Assert.Multiple(() =>
        {
            Assert.That(info.ModificationTimeNs, Is.EqualTo(modificationTimeNs));
            Assert.That(info.AccessTimeNs, Is.EqualTo(accessTimeNs));
        });
    }

    [Test]
    public void GetInfo_OfDanglingSymlink_DescribesTheLinkAndReadLinkGivesTheTargetBytes()
    {
        byte[] target = [.. "does/not/exist-"u8, 0xFF, 0xFE];
        var link = _dir.Combine("link");

        _fs.CreateSymlink(target, link);
        var info = _fs.GetInfo(link);

        Assert.Multiple(() =>
        {
            Assert.That(info.Type, Is.EqualTo(FileEntryType.SymbolicLink));
            Assert.That(info.Size, Is.EqualTo(target.Length));
            Assert.That(_fs.ReadLink(link), Is.EqualTo(target));
            Assert.That(_fs.ReadLink(Encoding.UTF8.GetBytes(link)), Is.EqualTo(target));
        });
    }

    [Test]
    public void SetTimesAndSetOwner_OnSymlink_ChangeTheLinkNotItsTarget()
    {
        Assume.That(Environment.IsPrivilegedProcess, "changing owners needs root");
        var target = _dir.Combine("target");
        File.WriteAllText(target, "x");
        var before = _fs.GetInfo(target);
        var link = _dir.Combine("link");
        _fs.CreateSymlink("target"u8, link);

        _fs.SetTimes(link, 1_000_000_000_000_000_001, 1_000_000_000_000_000_002);
        _fs.SetOwner(link, 1234, 5678);

        var linkInfo = _fs.GetInfo(link);
        var targetInfo = _fs.GetInfo(target);
        Assert.Multiple(() =>
        {
            Assert.That(linkInfo.ModificationTimeNs, Is.EqualTo(1_000_000_000_000_000_002));
            Assert.That((linkInfo.UserId, linkInfo.GroupId), Is.EqualTo((1234u, 5678u)));
            Assert.That(targetInfo.ModificationTimeNs, Is.EqualTo(before.ModificationTimeNs));
            Assert.That((targetInfo.UserId, targetInfo.GroupId), Is.EqualTo((before.UserId, before.GroupId)));
        });
    }

    [Test]
    public void CreateHardLink_SharesTheInodeAndCountsTwoLinks()
    {
        var first = _dir.Combine("first");
        File.WriteAllText(first, "x");
        var second = _dir.Combine("second");

        _fs.CreateHardLink(first, second);

        var a = _fs.GetInfo(first);
        var b = _fs.GetInfo(second);
        Assert.Multiple(() =>
        {
            Assert.That(b.Inode, Is.EqualTo(a.Inode));
            Assert.That(b.DeviceId, Is.EqualTo(a.DeviceId));
            Assert.That(a.LinkCount, Is.EqualTo(2));
            Assert.That(b.LinkCount, Is.EqualTo(2));
        });
    }

    [Test]
    public void NameThatIsNotUtf8_CanBeCreatedListedStatedAndRemovedByBytes()
    {
        byte[] name = [0x66, 0x6F, 0xFF];
        var path = _dir.Combine(name);

        _fs.CreateFile(path, Mode644).Dispose();
        var listed = _fs.EnumerateDirectory(_dir.PathBytes).ToList();
        var info = _fs.GetInfo(path);
        _fs.Delete(path);

        Assert.Multiple(() =>
        {
            Assert.That(UnixPath.TryDecode(name, out _), Is.False);
            Assert.That(listed.Select(e => e.Name), Has.Exactly(1).EqualTo(name));
            Assert.That(listed.Single().Type, Is.EqualTo(FileEntryType.RegularFile));
            Assert.That(info.Type, Is.EqualTo(FileEntryType.RegularFile));
            Assert.That(() => _fs.GetInfo(path), Throws.TypeOf<FileSystemEntryNotFoundException>());
            Assert.That(_fs.EnumerateDirectory(_dir.Path), Is.Empty);
        });
    }

    [Test]
    public void NameOf255Bytes_Works_AndOf256Bytes_IsTooLong()
    {
        var longest = Encoding.ASCII.GetBytes(new string('n', 255));
        var tooLong = Encoding.ASCII.GetBytes(new string('n', 256));

        _fs.CreateDirectory(_dir.Combine(longest), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        Assert.Multiple(() =>
        {
            Assert.That(_fs.GetInfo(_dir.Combine(longest)).Type, Is.EqualTo(FileEntryType.Directory));
            Assert.That(_fs.EnumerateDirectory(_dir.Path).Single().Name, Is.EqualTo(longest));
            Assert.That(
                () => _fs.CreateDirectory(_dir.Combine(tooLong), UnixFileMode.UserRead),
                Throws.InstanceOf<FileSystemEntryException>().With.Property(nameof(FileSystemEntryException.Errno)).EqualTo(Enametoolong));
        });
    }

    [Test]
    public void SetOwner_AsRoot_ChangesUserAndGroup()
    {
        Assume.That(Environment.IsPrivilegedProcess, "changing owners needs root");
        var path = _dir.Combine("file");
        File.WriteAllText(path, "x");

        _fs.SetOwner(path, 1234, 5678);

        var info = _fs.GetInfo(path);
        Assert.That((info.UserId, info.GroupId), Is.EqualTo((1234u, 5678u)));
    }

    [Test]
    public void SetMode_SetsExactBitsIncludingSetuid()
    {
        var path = _dir.Combine("file");
        File.WriteAllText(path, "x");
        var mode4757 = (UnixFileMode)Convert.ToInt32("4757", 8); // o+w as well: umask must not apply

        _fs.SetMode(path, mode4757);

        var info = _fs.GetInfo(path);
        Assert.Multiple(() =>
        {
            Assert.That(info.Permissions, Is.EqualTo(mode4757));
            Assert.That(info.Permissions.HasFlag(UnixFileMode.SetUser), Is.True);
            Assert.That(info.Mode, Is.EqualTo(0x8000u | (uint)mode4757));
        });
    }

    [Test]
    public void SetMode_OnSymlink_IsRefusedAndLeavesTheTargetAlone()
    {
        var target = _dir.Combine("target");
        File.WriteAllText(target, "x");
        _fs.SetMode(target, Mode644);
        var link = _dir.Combine("link");
        _fs.CreateSymlink("target"u8, link);

        Assert.Multiple(() =>
        {
            Assert.That(
                () => _fs.SetMode(link, UnixFileMode.UserExecute),
                Throws.InstanceOf<FileSystemEntryException>().With.Property(nameof(FileSystemEntryException.Errno)).EqualTo(Eopnotsupp));
            Assert.That(_fs.GetInfo(target).Permissions, Is.EqualTo(Mode644));
        });
    }

    [Test]
    public void CreateFifo_MakesANamedPipe()
    {
        var path = _dir.Combine("pipe");

        _fs.CreateFifo(path, Mode644);

        Assert.That(_fs.GetInfo(path).Type, Is.EqualTo(FileEntryType.Fifo));
    }

    [Test]
    public void CreateDevice_AsRoot_MakesACharacterDeviceWithItsNumber()
    {
        Assume.That(Environment.IsPrivilegedProcess, "mknod needs root");
        var path = _dir.Combine("null");
        var device = UnixDevice.Make(1, 3);

        try
        {
            _fs.CreateDevice(path, FileEntryType.CharacterDevice, Mode644, device);
        }
        catch (FileSystemEntryException ex) when (ex.Errno == 1)
        {
            Assert.Ignore("This container has no CAP_MKNOD.");
        }

        var info = _fs.GetInfo(path);
        Assert.Multiple(() =>
        {
            Assert.That(info.Type, Is.EqualTo(FileEntryType.CharacterDevice));
            Assert.That(info.SpecialDeviceId, Is.EqualTo(device));
        });
    }

    [Test]
    public void GetInfo_OfDevNull_ReportsCharacterDeviceOneThree()
    {
        var info = _fs.GetInfo("/dev/null");

        Assert.Multiple(() =>
        {
            Assert.That(info.Type, Is.EqualTo(FileEntryType.CharacterDevice));
            Assert.That(UnixDevice.Major(info.SpecialDeviceId), Is.EqualTo(1));
            Assert.That(UnixDevice.Minor(info.SpecialDeviceId), Is.EqualTo(3));
        });
    }

    [Test]
    public void DeviceId_DiffersAcrossMounts()
    {
        Assert.That(_fs.GetInfo("/proc").DeviceId, Is.Not.EqualTo(_fs.GetInfo(_dir.Path).DeviceId));
    }

    [Test]
    public void GetInfo_OfMissingPath_ThrowsNotFoundWithEnoent()
    {
        var path = _dir.Combine("missing");

        var fromString = Assert.Throws<FileSystemEntryNotFoundException>(() => _fs.GetInfo(path));
        var fromBytes = Assert.Throws<FileSystemEntryNotFoundException>(() => _fs.GetInfo(Encoding.UTF8.GetBytes(path)));

        Assert.Multiple(() =>
        {
            Assert.That(fromString!.Errno, Is.EqualTo(2));
            Assert.That(fromString.Path, Is.EqualTo(path));
            Assert.That(fromString.Operation, Is.EqualTo("statx"));
            Assert.That(fromString, Is.InstanceOf<BackupException>());
            Assert.That(fromBytes!.Path, Is.EqualTo(path));
        });
    }

    [Test]
    public void EnumerateDirectory_ReportsNamesAndTypes_WithoutDotEntries()
    {
        File.WriteAllText(_dir.Combine("file"), "x");
        Directory.CreateDirectory(_dir.Combine("sub"));
        _fs.CreateSymlink("file"u8, _dir.Combine("link"));
        _fs.CreateFifo(_dir.Combine("pipe"), Mode644);

        var entries = _fs.EnumerateDirectory(_dir.Path)
            .ToDictionary(e => Encoding.UTF8.GetString(e.Name), e => e.Type);

        Assert.That(entries, Is.EquivalentTo(new Dictionary<string, FileEntryType>
        {
            ["file"] = FileEntryType.RegularFile,
            ["sub"] = FileEntryType.Directory,
            ["link"] = FileEntryType.SymbolicLink,
            ["pipe"] = FileEntryType.Fifo,
        }));
    }

    [Test]
    public void EnumerateDirectory_OfSymlinkToDirectory_IsRefused()
    {
        Directory.CreateDirectory(_dir.Combine("real"));
        _fs.CreateSymlink("real"u8, _dir.Combine("link"));

        Assert.That(
            () => _fs.EnumerateDirectory(_dir.Combine("link")),
            Throws.InstanceOf<FileSystemEntryException>().With.Property(nameof(FileSystemEntryException.Errno)).EqualTo(Enotdir));
    }
}
