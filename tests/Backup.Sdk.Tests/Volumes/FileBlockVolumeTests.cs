using Backup.Sdk.Volumes;

namespace Backup.Sdk.Tests.Volumes;

public class FileBlockVolumeTests
{
    private VolumeTestDirectory _directory = null!;

    [SetUp]
    public void SetUp() => _directory = new VolumeTestDirectory();

    [TearDown]
    public void TearDown() => _directory.Dispose();

    [Test]
    public async Task WriteThenRead_ReturnsTheBlocksAndUnwrittenBlocksReadAsZeros()
    {
        var path = _directory.PathOf("disk.img");
        await using (var volume = FileBlockVolume.Create(path, new VolumeGeometry(4096, 16)))
        {
            var data = VolumeTestDirectory.Pattern(3, 4096, new Random(1));
            await volume.WriteAsync(5, data);
            await volume.FlushAsync();
            var all = await VolumeTestDirectory.ReadAllAsync(volume);
            Assert.That(all.AsSpan(5 * 4096, data.Length).SequenceEqual(data), Is.True);
            Assert.That(all.AsSpan(0, 5 * 4096).ContainsAnyExcept((byte)0), Is.False);
        }

        Assert.That(new FileInfo(path).Length, Is.EqualTo(16 * 4096));
        await using var reopened = FileBlockVolume.Open(path, 4096, readOnly: true);
        Assert.That(reopened.Geometry, Is.EqualTo(new VolumeGeometry(4096, 16)));
        Assert.That(() => reopened.WriteAsync(0, new byte[4096]).AsTask(), Throws.TypeOf<NotSupportedException>());
    }

    [TestCase(100)]
    [TestCase(4096 * 17)]
    public async Task Read_OfPartialBlocksOrPastTheEnd_IsRefused(int length)
    {
        await using var volume = FileBlockVolume.Create(_directory.PathOf("disk.img"), new VolumeGeometry(4096, 16));
        Assert.That(() => volume.ReadAsync(0, new byte[length]).AsTask(), Throws.InstanceOf<ArgumentException>());
    }

    [Test]
    public void Geometry_WithABlockSizeThatIsNotAPowerOfTwo_IsRefused() =>
        Assert.That(() => VolumeGeometry.FromSize(3000 * 10, 3000), Throws.ArgumentException);
}
