using System.Text;
using Backup.Sdk.Compression;

namespace Backup.Sdk.Tests.Compression;

public class ZstdCompressorTests
{
    private static byte[] TextLike(int size, int seed)
    {
        string[] words = ["backup", "restore", "chunk", "pack", "index", "snapshot", "error", "the", "of", "file", "size"];
        var random = new Random(seed);
        var text = new StringBuilder(size + 16);
        while (text.Length < size)
        {
            text.Append(words[random.Next(words.Length)]).Append(random.Next(10) == 0 ? '\n' : ' ');
        }

        return Encoding.ASCII.GetBytes(text.ToString(0, size));
    }

    private static byte[] RandomBytes(int size, int seed)
    {
        var data = new byte[size];
        new Random(seed).NextBytes(data);
        return data;
    }

    private static byte[] Compress(ICompressor compressor, byte[] data)
    {
        var buffer = new byte[compressor.GetMaxCompressedLength(data.Length)];
        var written = compressor.Compress(data, buffer);
        Assert.That(written, Is.Positive);
        return buffer.AsSpan(0, written).ToArray();
    }

    /// <summary>A zstd frame of one raw block of <paramref name="payload"/> bytes, with a hand-written frame header.</summary>
    private static byte[] RawFrame(byte[] header, int payload)
    {
        var frame = new List<byte> { 0x28, 0xB5, 0x2F, 0xFD };
        frame.AddRange(header);
        var blockHeader = (payload << 3) | 1; // raw block, last
        frame.AddRange([(byte)blockHeader, (byte)(blockHeader >> 8), (byte)(blockHeader >> 16)]);
        frame.AddRange(RandomBytes(payload, payload));
        return [.. frame];
    }

    [TestCase(1)]
    [TestCase(3)]
    [TestCase(19)]
    public void RoundTrip_GivesBackTheInput(int level)
    {
        var compressor = new ZstdCompressor(level);
        var data = TextLike(300_000, seed: level);

        var compressed = Compress(compressor, data);
        var restored = new byte[data.Length];
        compressor.Decompress(compressed, restored);

        Assert.Multiple(() =>
        {
            Assert.That(restored, Is.EqualTo(data).AsCollection);
            Assert.That(Compressors.ShouldKeepCompressed(data.Length, compressed.Length), Is.True);
        });
    }

    [Test]
    public void RandomData_IsNotWorthKeepingCompressed()
    {
        var data = RandomBytes(200_000, seed: 5);

        var compressed = Compress(ZstdCompressor.Default, data);

        Assert.That(Compressors.ShouldKeepCompressed(data.Length, compressed.Length), Is.False);
    }

    [Test]
    public void RoundTrip_OfAnEmptyInput_Works()
    {
        var compressed = Compress(ZstdCompressor.Default, []);

        Assert.That(() => ZstdCompressor.Default.Decompress(compressed, Span<byte>.Empty), Throws.Nothing);
    }

    [Test]
    public void Compress_IntoTooSmallADestination_ReturnsMinusOne()
    {
        var data = RandomBytes(10_000, seed: 6);

        Assert.That(ZstdCompressor.Default.Compress(data, new byte[5000]), Is.EqualTo(-1));
    }

    [Test]
    public void Decompress_ATruncatedFrame_ThrowsInvalidData()
    {
        var data = TextLike(100_000, seed: 7);
        var compressed = Compress(ZstdCompressor.Default, data);

        Assert.That(
            () => ZstdCompressor.Default.Decompress(compressed.AsSpan(0, compressed.Length - 10), new byte[data.Length]),
            Throws.InstanceOf<InvalidDataException>());
    }

    [Test]
    public void Decompress_Garbage_ThrowsInvalidData()
    {
        Assert.That(
            () => ZstdCompressor.Default.Decompress(RandomBytes(1000, seed: 8), new byte[1000]),
            Throws.InstanceOf<InvalidDataException>());
    }

    [TestCase(-1)]
    [TestCase(1)]
    public void Decompress_IntoALengthOtherThanTheFrames_ThrowsInvalidData(int difference)
    {
        var data = TextLike(100_000, seed: 9);
        var compressed = Compress(ZstdCompressor.Default, data);

        Assert.That(
            () => ZstdCompressor.Default.Decompress(compressed, new byte[data.Length + difference]),
            Throws.InstanceOf<InvalidDataException>());
    }

    [Test]
    public void Decompress_AFrameDeclaring4GiB_ThrowsInvalidDataWithoutAllocating()
    {
        // Single-segment frame, 8-byte content size = 2^32, then one raw block of 100 bytes.
        var forged = RawFrame([0xE0, 0, 0, 0, 0, 1, 0, 0, 0], payload: 100);
        var destination = new byte[100];
        ZstdCompressor.Default.Decompress(Compress(ZstdCompressor.Default, destination), destination); // warm this thread up

        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        Assert.That(() => ZstdCompressor.Default.Decompress(forged, destination), Throws.InstanceOf<InvalidDataException>());
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;

        Assert.That(allocated, Is.LessThan(64 * 1024));
    }

    [Test]
    public void Decompress_AFrameWithoutSizeThatExpandsPastTheDestination_ThrowsInvalidData()
    {
        // No content size, 1 KiB window, one raw block of 100 bytes.
        var forged = RawFrame([0x00, 0x00], payload: 100);

        Assert.Multiple(() =>
        {
            Assert.That(() => ZstdCompressor.Default.Decompress(forged, new byte[50]), Throws.InstanceOf<InvalidDataException>());
            Assert.That(() => ZstdCompressor.Default.Decompress(forged, new byte[200]), Throws.InstanceOf<InvalidDataException>());
            Assert.That(() => ZstdCompressor.Default.Decompress(forged, new byte[100]), Throws.Nothing);
        });
    }

    [Test]
    public void Decompress_AFrameWithAHugeWindow_ThrowsInvalidData()
    {
        // No content size, window descriptor exponent 31 (2^41 bytes).
        var forged = RawFrame([0x00, 0xF8], payload: 100);

        Assert.That(() => ZstdCompressor.Default.Decompress(forged, new byte[100]), Throws.InstanceOf<InvalidDataException>());
    }

    [Test]
    public void ParallelUse_OfSeveralLevels_GivesTheSameBytesAsSerialUse()
    {
        var fast = new ZstdCompressor(1);
        var strong = new ZstdCompressor(9);
        var inputs = Enumerable.Range(0, 32).Select(i => TextLike(20_000 + i * 1000, seed: i)).ToArray();
        var expectedFast = inputs.Select(input => Compress(fast, input)).ToArray();
        var expectedStrong = inputs.Select(input => Compress(strong, input)).ToArray();
        var failures = 0;

        Parallel.For(0, inputs.Length * 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            var index = i % inputs.Length;
            var compressor = i % 2 == 0 ? fast : strong;
            var expected = i % 2 == 0 ? expectedFast[index] : expectedStrong[index];
            var compressed = new byte[compressor.GetMaxCompressedLength(inputs[index].Length)];
            var written = compressor.Compress(inputs[index], compressed);
            var restored = new byte[inputs[index].Length];
            compressor.Decompress(compressed.AsSpan(0, written), restored);
            if (!compressed.AsSpan(0, written).SequenceEqual(expected) || !restored.AsSpan().SequenceEqual(inputs[index]))
            {
                Interlocked.Increment(ref failures);
            }
        });

        Assert.Multiple(() =>
        {
            Assert.That(failures, Is.Zero);
            Assert.That(expectedStrong.Sum(c => c.Length), Is.LessThan(expectedFast.Sum(c => c.Length)), "the level is applied");
        });
    }

    [TestCase(0)]
    [TestCase(23)]
    [TestCase(-5)]
    public void Constructor_RejectsLevelsOutOfRange(int level)
    {
        Assert.That(() => new ZstdCompressor(level), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }
}
