using Backup.Sdk.Volumes;

namespace Backup.Sdk.Tests.Volumes;

/// <summary>
/// One open of a volume directory at a time: the lock is an flock on the directory's lock file, held per open file
/// description, so a second open in the same process conflicts exactly as one in another process does.
/// </summary>
[TestFixtureSource(typeof(VolumeTestDirectory), nameof(VolumeTestDirectory.Kinds))]
public class VolumeLockTests(SnapshotProviderKind kind)
{
    private VolumeTestDirectory _directory = null!;
    private readonly SnapshotVolumeFactory _factory = new();

    [SetUp]
    public void SetUp() => _directory = new VolumeTestDirectory();

    [TearDown]
    public void TearDown() => _directory.Dispose();

    private string VolumePath => _directory.PathOf("vol");

    [Test]
    public async Task Open_WhileAnotherOpenHoldsTheVolume_ThrowsVolumeInUse_AndSucceedsOnceItIsClosed()
    {
        var first = _factory.Create(VolumePath, new VolumeGeometry(4096, 16), kind);
        try
        {
            var refused = Assert.Throws<VolumeInUseException>(() => _factory.Open(VolumePath));
            Assert.That(refused!.Path, Is.EqualTo(Path.GetFullPath(VolumePath)));
            Assert.That(refused.Message, Does.Contain("in use"));
        }
        finally
        {
            await first.DisposeAsync();
        }

        await using var second = _factory.Open(VolumePath);
        Assert.That(second.Volume.Geometry.BlockCount, Is.EqualTo(16));
    }

    [Test]
    public async Task Open_RefusedByTheLock_LeavesTheHolderWorking()
    {
        await using var holder = _factory.Create(VolumePath, new VolumeGeometry(4096, 16), kind);
        await holder.CreateSnapshotAsync("s0");
        Assert.Throws<VolumeInUseException>(() => _factory.Open(VolumePath));

        // The refused open read nothing and recovered nothing: the holder's snapshots and writes go on.
        await holder.Volume.WriteAsync(3, new byte[4096].AsMemory());
        await holder.CreateSnapshotAsync("s1");
        Assert.That(holder.ListSnapshots().Select(s => s.Name), Is.EqualTo(new[] { "s0", "s1" }));
    }
}
