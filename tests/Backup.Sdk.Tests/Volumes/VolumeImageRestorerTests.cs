using Backup.Sdk.Repository;
using Backup.Sdk.Storage.InMemory;
using Backup.Sdk.Tests.Support;
using Backup.Sdk.Volumes;
using Backup.Sdk.Volumes.Imaging;

namespace Backup.Sdk.Tests.Volumes;

/// <summary>
/// Restore and verify of images onto block volumes, over several batches (the restorer works on batches of 2 MiB in
/// parallel): byte-identical, sparse on a new file, holes cleared on a target that held data, differences in order.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public class VolumeImageRestorerTests
{
    private const int BlockSize = 4096;
    private const int Blocks = 2048; // 8 MiB: four batches
    private VolumeTestDirectory _directory = null!;
    private BackupRepository _repository = null!;
    private Backup.Sdk.Repository.Snapshots.Snapshot _image = null!;
    private byte[] _expected = null!;

    [SetUp]
    public async Task SetUp()
    {
        _directory = new VolumeTestDirectory();
        _repository = await TestRepositories.InitAsync(new InMemoryStorageBackend());

        // Data in every fourth run of 16 blocks, zeros elsewhere: holes and data alternate inside every batch.
        await using var source = FileBlockVolume.Create(_directory.PathOf("source.img"), new VolumeGeometry(BlockSize, Blocks));
        var random = new Random(5);
        for (var block = 0; block < Blocks; block += 64)
        {
            await source.WriteAsync(block, VolumeTestDirectory.Pattern(16, BlockSize, random));
        }

        _expected = await VolumeTestDirectory.ReadAllAsync(source);
        var result = await new VolumeBackup(_repository).RunAsync(source, new VolumeBackupOptions { VolumePath = _directory.PathOf("source.img") });
        _image = await _repository.Snapshots.LoadAsync(result.Snapshot.Id);
        Assert.That(result.ZeroBlocks, Is.EqualTo(Blocks - Blocks / 4));
    }

    [TearDown]
    public async Task TearDown()
    {
        await _repository.DisposeAsync();
        _directory.Dispose();
    }

    [Test]
    public async Task Restore_OntoANewFile_IsByteIdenticalAndLeavesTheZeroBlocksAsHoles()
    {
        var path = _directory.PathOf("target.img");
        await using (var target = FileBlockVolume.Create(path, new VolumeGeometry(BlockSize, Blocks)))
        {
            await new VolumeImageRestorer(_repository).RestoreAsync(_image, target);
            Bytes.AssertSame(await VolumeTestDirectory.ReadAllAsync(target), _expected);
        }

        Assert.That(AllocatedBytes(path), Is.LessThan((long)Blocks * BlockSize / 2), "the zero blocks were not written");
    }

    [Test]
    public async Task Restore_OntoAVolumeFullOfOtherData_ClearsTheHoles()
    {
        await using var target = FileBlockVolume.Create(_directory.PathOf("target.img"), new VolumeGeometry(BlockSize, Blocks));
        await target.WriteAsync(0, VolumeTestDirectory.Pattern(Blocks, BlockSize, new Random(9)));
        await new VolumeImageRestorer(_repository).RestoreAsync(_image, target);
        Bytes.AssertSame(await VolumeTestDirectory.ReadAllAsync(target), _expected);
    }

    [Test]
    public async Task Verify_ListsTheChangedBlocksOfEveryBatch_Ascending()
    {
        await using var target = FileBlockVolume.Create(_directory.PathOf("target.img"), new VolumeGeometry(BlockSize, Blocks));
        await new VolumeImageRestorer(_repository).RestoreAsync(_image, target);
        var junk = VolumeTestDirectory.Pattern(1, BlockSize, new Random(3));
        foreach (var block in new long[] { 2000, 3, 700, 1500 })
        {
            await target.WriteAsync(block, junk);
        }

        Assert.That(await new VolumeImageRestorer(_repository).VerifyAsync(_image, target), Is.EqualTo(new long[] { 3, 700, 1500, 2000 }));
    }

    private static long AllocatedBytes(string path)
    {
        var output = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("stat", ["-c", "%b %B", path]) { RedirectStandardOutput = true })!;
        var parts = output.StandardOutput.ReadToEnd().Trim().Split(' ');
        output.WaitForExit();
        return long.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture) * long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
    }
}
