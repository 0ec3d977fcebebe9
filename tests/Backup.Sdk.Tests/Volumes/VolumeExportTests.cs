using Backup.Sdk.Volumes;

namespace Backup.Sdk.Tests.Volumes;

public class VolumeExportTests
{
    private VolumeTestDirectory _directory = null!;

    [SetUp]
    public void SetUp() => _directory = new VolumeTestDirectory();

    [TearDown]
    public void TearDown() => _directory.Dispose();

    [Test]
    public async Task ToFile_OverSeveralBatchesWithZeroRuns_WritesAByteIdenticalImageAndCountsOnlyData()
    {
        // 10 MiB + one block: three 4 MiB batches, the last one short; data and zeros alternate in 3-block runs.
        var geometry = new VolumeGeometry(64 * 1024, 161);
        await using var volume = FileBlockVolume.Create(_directory.PathOf("source.img"), geometry);
        var random = new Random(9);
        long dataBytes = 0;
        for (long block = 0; block < geometry.BlockCount; block += 6)
        {
            var count = (int)Math.Min(3, geometry.BlockCount - block);
            await volume.WriteAsync(block, VolumeTestDirectory.Pattern(count, geometry.BlockSize, random));
            dataBytes += count * geometry.BlockSize;
        }

        var output = _directory.PathOf("export.img");
        await File.WriteAllBytesAsync(output, new byte[100]);
        var written = await VolumeExport.ToFileAsync(volume, output);

        Assert.That(written, Is.EqualTo(dataBytes));
        Bytes.AssertSame(await File.ReadAllBytesAsync(output), await VolumeTestDirectory.ReadAllAsync(volume), "export");
    }
}
