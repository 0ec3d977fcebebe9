using Backup.Sdk.Volumes;
using Backup.Sdk.Volumes.CopyOnWrite;
using Backup.Sdk.Volumes.RedirectOnWrite;

namespace Backup.Sdk.Tests.Volumes;

/// <summary>What only one provider does: where copy-on-write keeps the originals, how redirect-on-write reuses slots.</summary>
public class ProviderSpecificTests
{
    private const int BlockSize = 4096;
    private const int Blocks = 256;
    private VolumeTestDirectory _directory = null!;

    [SetUp]
    public void SetUp() => _directory = new VolumeTestDirectory();

    [TearDown]
    public void TearDown() => _directory.Dispose();

    private string VolumePath => _directory.PathOf("vol");

    [Test]
    public async Task CopyOnWrite_SnapshotCopiesNothing_TheFirstWriteCopiesTheOriginalOnce()
    {
        await using var volume = CopyOnWriteVolume.Create(VolumePath, new VolumeGeometry(BlockSize, Blocks));
        await volume.Volume.WriteAsync(0, VolumeTestDirectory.Pattern(Blocks, BlockSize, new Random(1)));
        await volume.CreateSnapshotAsync("s");
        var store = Path.Combine(VolumePath, "snapshots", "00000001.store");
        Assert.That(new FileInfo(store).Length, Is.Zero);
        await volume.Volume.WriteAsync(10, new byte[BlockSize]);
        await volume.Volume.WriteAsync(10, new byte[BlockSize]);
        Assert.That(new FileInfo(store).Length, Is.EqualTo(BlockSize));
        Assert.That(volume.ListSnapshots()[0].BlocksHeld, Is.EqualTo(1));
    }

    [Test]
    public async Task RedirectOnWrite_DeletingASnapshot_FreesTheSlotsOnlyItHeld_ForLaterWritesToReuse()
    {
        await using var volume = RedirectOnWriteVolume.Create(VolumePath, new VolumeGeometry(BlockSize, Blocks));
        await volume.Volume.WriteAsync(0, VolumeTestDirectory.Pattern(16, BlockSize, new Random(1)));
        await volume.CreateSnapshotAsync("s");
        await volume.Volume.WriteAsync(0, VolumeTestDirectory.Pattern(8, BlockSize, new Random(2)));
        var size = new FileInfo(Path.Combine(VolumePath, "blocks.dat")).Length;
        Assert.That(size, Is.EqualTo(24 * BlockSize));
        await volume.DeleteSnapshotAsync("s");
        Assert.That(volume.FreeSlots, Is.EqualTo(8));
        await volume.Volume.WriteAsync(100, VolumeTestDirectory.Pattern(8, BlockSize, new Random(3)));
        Assert.That(volume.FreeSlots, Is.Zero);
        Assert.That(new FileInfo(Path.Combine(VolumePath, "blocks.dat")).Length, Is.EqualTo(size));
    }
}
