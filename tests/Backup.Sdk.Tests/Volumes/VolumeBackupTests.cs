using Backup.Sdk.Repository;
using Backup.Sdk.Restore;
using Backup.Sdk.Storage.InMemory;
using Backup.Sdk.Tests.Support;
using Backup.Sdk.Volumes;
using Backup.Sdk.Volumes.Imaging;

namespace Backup.Sdk.Tests.Volumes;

/// <summary>Block-level backup of volume snapshots into a real (in-memory) repository, and restore of the images.</summary>
[TestFixtureSource(typeof(VolumeTestDirectory), nameof(VolumeTestDirectory.Kinds))]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public class VolumeBackupTests(SnapshotProviderKind kind)
{
    private const int BlockSize = 64 * 1024;
    private const long Size = 64L * 1024 * 1024;
    private VolumeTestDirectory _directory = null!;
    private BackupRepository _repository = null!;

    [SetUp]
    public async Task SetUp()
    {
        _directory = new VolumeTestDirectory();
        _repository = await TestRepositories.InitAsync(new InMemoryStorageBackend());
    }

    [TearDown]
    public async Task TearDown()
    {
        await _repository.DisposeAsync();
        _directory.Dispose();
    }

    private string VolumePath => _directory.PathOf("disk.img");

    [Test]
    public async Task Incremental_AfterChanging1PercentOfBlocks_ReadsOnlyThoseBlocks_AndRestoresByteIdentical()
    {
        await using var volume = new SnapshotVolumeFactory().Create(VolumePath, VolumeGeometry.FromSize(Size, BlockSize), kind);
        var random = new Random(42);

        // A quarter of the volume holds data; the rest stays zeros (holes in the image).
        await volume.Volume.WriteAsync(0, VolumeTestDirectory.Pattern(256, BlockSize, random));
        await volume.CreateSnapshotAsync("monday");
        var full = await new VolumeBackup(_repository).RunAsync(volume, Options("monday"));

        // 1% of the blocks (10 of 1024), some in the data, some in the zeros.
        var changed = Enumerable.Range(0, 10).Select(i => (long)(i * 97 + 3)).ToArray();
        foreach (var block in changed)
        {
            await volume.Volume.WriteAsync(block, VolumeTestDirectory.Pattern(1, BlockSize, random));
        }

        await volume.CreateSnapshotAsync("tuesday");
        var incremental = await new VolumeBackup(_repository).RunAsync(volume, Options("tuesday"));

        Assert.Multiple(() =>
        {
            Assert.That(full.Level, Is.EqualTo(BackupLevel.Full));
            Assert.That(full.Summary.BytesRead, Is.EqualTo(Size));
            Assert.That(full.ZeroBlocks, Is.EqualTo(1024 - 256));
            Assert.That(full.Snapshot.Volume!.BlockSize, Is.EqualTo(BlockSize));
            Assert.That(incremental.Level, Is.EqualTo(BackupLevel.Incremental));
            Assert.That(incremental.Snapshot.Parent, Is.EqualTo(full.Snapshot.Id));
            Assert.That(incremental.Summary.BytesRead, Is.EqualTo(changed.Length * BlockSize), "about 1% of the volume");
            Assert.That(incremental.BlocksFromParent, Is.EqualTo(1024 - changed.Length));
            Assert.That(incremental.Summary.BlobsAdded, Is.EqualTo(changed.Length + 1), "the changed blocks and the tree");
        });

        await using var tuesday = volume.OpenSnapshot("tuesday");
        var expected = await VolumeTestDirectory.ReadAllAsync(tuesday);
        var loaded = await _repository.Snapshots.LoadAsync(incremental.Snapshot.Id);

        // Onto a volume, then verified.
        await using (var target = FileBlockVolume.Create(_directory.PathOf("target.img"), tuesday.Geometry))
        {
            await new VolumeImageRestorer(_repository).RestoreAsync(loaded, target);
            Bytes.AssertSame(await VolumeTestDirectory.ReadAllAsync(target), expected);
            Assert.That(await new VolumeImageRestorer(_repository).VerifyAsync(loaded, target), Is.Empty);
            await target.WriteAsync(5, new byte[BlockSize]);
            Assert.That(await new VolumeImageRestorer(_repository).VerifyAsync(loaded, target), Is.EqualTo(new long[] { 5 }));
        }

        // As a sparse file, through the ordinary snapshot restore: <target>/<volume file name>.
        var restoreTarget = _directory.PathOf("restored");
        var result = await new SnapshotRestorer(_repository).RestoreAsync(loaded, new RestoreOptions { Target = restoreTarget, Verify = true });
        var file = Path.Combine(restoreTarget, "disk.img");
        Assert.That(result.Verified!.Succeeded, Is.True);
        Bytes.AssertSame(await File.ReadAllBytesAsync(file), expected);
        Assert.That(AllocatedBytes(file), Is.LessThan(Size / 2), "the zero blocks are holes");
    }

    [Test]
    public async Task Backup_OfAnAllZeroVolume_StoresNoDataBlob_AndRestoresAsZeros()
    {
        await using var volume = new SnapshotVolumeFactory().Create(VolumePath, new VolumeGeometry(4096, 64), kind);
        await volume.CreateSnapshotAsync("empty");
        var result = await new VolumeBackup(_repository).RunAsync(volume, Options("empty"));
        Assert.That(result.Summary.BlobsAdded, Is.EqualTo(1), "only the tree");
        Assert.That(result.ZeroBlocks, Is.EqualTo(64));

        var restoreTarget = _directory.PathOf("restored");
        await new SnapshotRestorer(_repository).RestoreAsync(await _repository.Snapshots.LoadAsync(result.Snapshot.Id), new RestoreOptions { Target = restoreTarget });
        Bytes.AssertSame(await File.ReadAllBytesAsync(Path.Combine(restoreTarget, "disk.img")), new byte[64 * 4096]);
    }

    [Test]
    public async Task Incremental_WhenTheParentsVolumeSnapshotWasDeleted_RunsFullAndSaysWhy()
    {
        await using var volume = new SnapshotVolumeFactory().Create(VolumePath, new VolumeGeometry(4096, 64), kind);
        await volume.Volume.WriteAsync(0, VolumeTestDirectory.Pattern(8, 4096, new Random(1)));
        await volume.CreateSnapshotAsync("a");
        await new VolumeBackup(_repository).RunAsync(volume, Options("a"));
        await volume.CreateSnapshotAsync("b");
        await volume.DeleteSnapshotAsync("a");

        var result = await new VolumeBackup(_repository).RunAsync(volume, Options("b", BackupLevel.Incremental));
        Assert.That(result.Level, Is.EqualTo(BackupLevel.Full));
        Assert.That(result.LevelFallbackReason, Does.Contain("'a'"));
        Assert.That(result.Summary.BytesRead, Is.EqualTo(64 * 4096));
    }

    private VolumeBackupOptions Options(string snapshot, BackupLevel? level = null) =>
        new() { VolumePath = VolumePath, SnapshotName = snapshot, Level = level, Hostname = "test-host" };

    private static long AllocatedBytes(string path)
    {
        var output = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("stat", ["-c", "%b %B", path]) { RedirectStandardOutput = true })!;
        var parts = output.StandardOutput.ReadToEnd().Trim().Split(' ');
        output.WaitForExit();
        return long.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture) * long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
    }
}
