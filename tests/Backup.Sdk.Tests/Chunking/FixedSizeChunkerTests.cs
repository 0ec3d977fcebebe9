using Backup.Sdk.Chunking;
using static Backup.Sdk.Tests.Chunking.ChunkingTestData;

namespace Backup.Sdk.Tests.Chunking;

public class FixedSizeChunkerTests
{
    [TestCase(100_000, 4096, new[] { 4096, 4096, 4096, 4096, 4096, 4096, 4096, 4096, 4096, 4096, 4096, 4096, 4096, 4096, 4096, 4096, 4096, 4096, 4096, 4096, 4096, 4096, 4096, 4096, 1696 })]
    [TestCase(16384, 8192, new[] { 8192, 8192 })]
    [TestCase(5000, 8192, new[] { 5000 })]
    [TestCase(0, 8192, new int[0])]
    public void Chunks_HaveTheChunkSize_ExceptAShorterLast(int dataLength, int chunkSize, int[] expected)
    {
        var lengths = Lengths(new FixedSizeChunker(chunkSize), new byte[dataLength]);

        Assert.That(lengths, Is.EqualTo(expected));
    }

    [Test]
    public void FindChunkEnd_BeforeAWholeChunk_AsksForMoreUnlessFinal()
    {
        var chunker = new FixedSizeChunker(4096);

        Assert.Multiple(() =>
        {
            Assert.That(chunker.FindChunkEnd(new byte[4095], isFinalBlock: false), Is.Zero);
            Assert.That(chunker.FindChunkEnd(new byte[4095], isFinalBlock: true), Is.EqualTo(4095));
            Assert.That(chunker.FindChunkEnd(new byte[10_000], isFinalBlock: false), Is.EqualTo(4096));
            Assert.That(chunker.MaxChunkSize, Is.EqualTo(4096));
        });
    }

    [TestCase(4095)]
    [TestCase(0)]
    [TestCase(64 * 1024 * 1024 + 1)]
    public void Constructor_RejectsSizesOutOfRange(int chunkSize)
    {
        Assert.That(() => new FixedSizeChunker(chunkSize), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }
}
