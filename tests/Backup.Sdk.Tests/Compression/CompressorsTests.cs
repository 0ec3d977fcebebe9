using Backup.Sdk.Compression;

namespace Backup.Sdk.Tests.Compression;

public class CompressorsTests
{
    [TestCase(3200, 3100, true, Description = "saves exactly 1/32")]
    [TestCase(3200, 3101, false, Description = "saves less than 1/32")]
    [TestCase(1_000_000, 10, true)]
    [TestCase(1000, 1000, false)]
    [TestCase(1000, 1005, false)]
    [TestCase(31, 30, true, Description = "one byte is 1/32 of 31")]
    [TestCase(40, 39, false, Description = "one byte is less than 1/32 of 40")]
    [TestCase(1000, -1, false, Description = "did not fit")]
    [TestCase(0, 0, false)]
    public void ShouldKeepCompressed_KeepsOnlySavingsOfAtLeastOne32nd(int raw, int compressed, bool expected)
    {
        Assert.That(Compressors.ShouldKeepCompressed(raw, compressed), Is.EqualTo(expected));
    }

    [Test]
    public void For_ReturnsTheDecoderOfEachAlgorithm()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Compressors.For(CompressionAlgorithm.None), Is.TypeOf<NoCompressor>());
            Assert.That(Compressors.For(CompressionAlgorithm.Zstd), Is.TypeOf<ZstdCompressor>());
            Assert.That(() => Compressors.For((CompressionAlgorithm)9), Throws.InstanceOf<InvalidDataException>());
        });
    }

    [Test]
    public void ADecoderFromFor_ReadsWhatAnyLevelWrote()
    {
        var data = new byte[50_000];
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = (byte)(i % 251 / 7);
        }

        var strong = new ZstdCompressor(15);
        var compressed = new byte[strong.GetMaxCompressedLength(data.Length)];
        var written = strong.Compress(data, compressed);
        var restored = new byte[data.Length];
        Compressors.For(strong.Algorithm).Decompress(compressed.AsSpan(0, written), restored);

        Assert.That(restored, Is.EqualTo(data).AsCollection);
    }

    [Test]
    public void NoCompressor_CopiesAndChecksTheLength()
    {
        var data = new byte[] { 1, 2, 3, 4, 5 };
        var stored = new byte[5];
        var restored = new byte[5];

        var written = NoCompressor.Instance.Compress(data, stored);
        NoCompressor.Instance.Decompress(stored, restored);

        Assert.Multiple(() =>
        {
            Assert.That(written, Is.EqualTo(5));
            Assert.That(restored, Is.EqualTo(data));
            Assert.That(NoCompressor.Instance.Compress(data, new byte[4]), Is.EqualTo(-1));
            Assert.That(() => NoCompressor.Instance.Decompress(data, new byte[6]), Throws.InstanceOf<InvalidDataException>());
        });
    }
}
