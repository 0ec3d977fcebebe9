using System.Runtime.Versioning;
using Backup.Sdk.Sources.FileSystem;

namespace Backup.Sdk.Tests.Sources.FileSystem;

[Platform("Linux")]
[SupportedOSPlatform("linux")]
public class SparseFileTests
{
    private const int MiB = 1 << 20;
    private const int KiB4 = 4096;
    private const UnixFileMode Mode600 = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private readonly LinuxFileSystemMetadata _fs = new();
    private TemporaryDirectory _dir = null!;

    [SetUp]
    public void SetUp() => _dir = new TemporaryDirectory();

    [TearDown]
    public void TearDown() => _dir.Dispose();

    [Test]
    public void SparseFile_ReportsOnlyItsDataRegions_AndAllocatesLessThanItsSize()
    {
        // 1 MiB hole, 4 KiB data, 1 MiB hole, 4 KiB data: written the way a restore writes a sparse file.
        var path = _dir.Combine("sparse");
        long[] dataAt = [MiB, (2L * MiB) + KiB4];
        var length = dataAt[1] + KiB4;
        var data = Enumerable.Repeat((byte)0xAB, KiB4).ToArray();
        using (var file = _fs.CreateFile(path, Mode600))
        {
            _fs.SetLength(file, length);
            foreach (var offset in dataAt)
            {
                RandomAccess.Write(file, data, offset);
            }
        }

        List<FileRegion> regions;
        using (var file = _fs.OpenFile(path))
        {
            regions = _fs.GetDataRegions(file).ToList();
        }

        var info = _fs.GetInfo(path);
        const int blockSize = 64 * 1024; // the coarsest allocation unit this test tolerates
        Assert.Multiple(() =>
        {
            Assert.That(info.Size, Is.EqualTo(length));
            Assert.That(info.AllocatedBytes, Is.LessThan(info.Size));
            Assert.That(regions, Has.Count.EqualTo(2));
            for (var i = 0; i < regions.Count && i < dataAt.Length; i++)
            {
                // Each region holds its data and at most one block around it on either side.
                Assert.That(regions[i].Offset, Is.LessThanOrEqualTo(dataAt[i]).And.GreaterThan(dataAt[i] - blockSize));
                Assert.That(regions[i].Offset + regions[i].Length, Is.GreaterThanOrEqualTo(dataAt[i] + KiB4).And.LessThan(dataAt[i] + KiB4 + blockSize));
            }
        });
    }

    [Test]
    public void DenseFile_IsOneRegion_AndEmptyFileHasNone()
    {
        var dense = _dir.Combine("dense");
        File.WriteAllBytes(dense, new byte[3 * KiB4 + 17]);
        var empty = _dir.Combine("empty");
        File.WriteAllBytes(empty, []);

        using var denseHandle = _fs.OpenFile(dense);
        using var emptyHandle = _fs.OpenFile(empty);

        Assert.Multiple(() =>
        {
            Assert.That(_fs.GetDataRegions(denseHandle), Is.EqualTo(new[] { new FileRegion(0, 3 * KiB4 + 17) }));
            Assert.That(_fs.GetDataRegions(emptyHandle), Is.Empty);
        });
    }

    [Test]
    public void SetLength_GrowsTheFileAsOneHole()
    {
        var path = _dir.Combine("hole");
        using (var file = _fs.CreateFile(path, Mode600))
        {
            _fs.SetLength(file, 64L * MiB);
            Assert.That(_fs.GetDataRegions(file), Is.Empty);
        }

        var info = _fs.GetInfo(path);
        Assert.Multiple(() =>
        {
            Assert.That(info.Size, Is.EqualTo(64L * MiB));
            Assert.That(info.AllocatedBlocks, Is.Zero);
        });
    }
}
