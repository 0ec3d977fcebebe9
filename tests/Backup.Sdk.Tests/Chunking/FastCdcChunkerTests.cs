using Backup.Sdk.Chunking;
using static Backup.Sdk.Tests.Chunking.ChunkingTestData;

namespace Backup.Sdk.Tests.Chunking;

public class FastCdcChunkerTests
{
    private static readonly ChunkerParameters Small = new(ChunkerAlgorithm.FastCdc, 64, 256, 1024);

    private static readonly Lazy<(List<UInt128> Hashes, List<int> Lengths)> LargeChunks = new(() =>
    {
        var chunker = new FastCdcChunker(ChunkerParameters.Default, Key);
        return (ChunkHashes(chunker, Large), Lengths(chunker, Large));
    });

    [Test]
    public void Chunks_ConcatenateToTheInput()
    {
        var data = Large;
        var chunker = new FastCdcChunker(ChunkerParameters.Default, Key);

        using var joined = new MemoryStream(data.Length);
        var offset = 0;
        foreach (var length in Lengths(chunker, data))
        {
            joined.Write(data, offset, length);
            offset += length;
        }

        Assert.That(joined.GetBuffer().AsSpan(0, (int)joined.Length).SequenceEqual(data), Is.True);
    }

    [Test]
    public void Chunks_AreWithinMinAndMax_ExceptTheLast()
    {
        var parameters = ChunkerParameters.Default;
        var lengths = Lengths(new FastCdcChunker(parameters, Key), Large);

        Assert.Multiple(() =>
        {
            Assert.That(lengths, Has.Count.GreaterThan(20));
            Assert.That(lengths.Take(lengths.Count - 1), Is.All.InRange(parameters.MinSize + 1, parameters.MaxSize));
            Assert.That(lengths[^1], Is.InRange(1, parameters.MaxSize));
        });
    }

    [Test]
    public void AverageChunk_IsNearTheAverageSize()
    {
        var lengths = Lengths(new FastCdcChunker(new ChunkerParameters(ChunkerAlgorithm.FastCdc, 2048, 8192, 65536), Key), Large.AsSpan(0, 16 * 1024 * 1024));

        // Normalized chunking with min = avg / 4: the mean lands a little above the average size.
        Assert.That(lengths.Average(), Is.InRange(8192 * 0.9, 8192 * 1.4));
    }

    [Test]
    public void ConstantInput_CutsAtMaxSize()
    {
        var lengths = Lengths(new FastCdcChunker(Small, Key), new byte[10_000]);

        Assert.That(lengths, Is.EqualTo(new[] { 1024, 1024, 1024, 1024, 1024, 1024, 1024, 1024, 1024, 784 }));
    }

    [Test]
    public void Boundaries_MatchTheReferenceComputedFromFormatMd()
    {
        // Computed by an independent byte-by-byte implementation of docs/format.md "Chunking" (Python, hmac + hashlib):
        // key 00..1f, data = SHA-256(u32 LE 0) ‖ SHA-256(u32 LE 1) ‖ …, 64 KiB, min/avg/max = 64/256/1024.
        int[] expectedStart =
        [
            200, 102, 474, 326, 366, 282, 261, 309, 314, 185, 444, 302, 266, 98, 276, 283, 317, 339, 329, 327,
            260, 116, 285, 232, 316, 436, 284, 317, 269, 319, 305, 408, 226, 274, 148, 295, 321, 301, 322, 319,
        ];

        var lengths = Lengths(new FastCdcChunker(Small, Key), HashCounter(65536));

        Assert.Multiple(() =>
        {
            Assert.That(lengths, Has.Count.EqualTo(217));
            Assert.That(lengths.Take(expectedStart.Length), Is.EqualTo(expectedStart));
        });
    }

    [Test]
    public void GearTable_IsHkdfExpandOfTheKey_LittleEndian()
    {
        var table = GearTable.Derive(Key);

        Assert.Multiple(() =>
        {
            Assert.That(table, Has.Length.EqualTo(256));
            Assert.That(table[0], Is.EqualTo(0xefb9e9527b3485fdUL));
            Assert.That(table[255], Is.EqualTo(0xb35d821d423848cbUL));
        });
    }

    [Test]
    public void Masks_AreTheTopBitsOfTheWord()
    {
        var chunker = new FastCdcChunker(ChunkerParameters.Default, Key);

        Assert.Multiple(() =>
        {
            Assert.That(chunker.MaskSmall, Is.EqualTo(0xFFFFFC0000000000UL), "b + 2 = 22 bits");
            Assert.That(chunker.MaskLarge, Is.EqualTo(0xFFFFC00000000000UL), "b - 2 = 18 bits");
        });
    }

    [Test]
    public void SameKey_GivesTheSameBoundaries()
    {
        var data = Large.AsSpan(0, 16 * 1024 * 1024);

        var first = Lengths(new FastCdcChunker(ChunkerParameters.Default, Key), data);
        var second = Lengths(new FastCdcChunker(ChunkerParameters.Default, (byte[])Key.Clone()), data);

        Assert.That(second, Is.EqualTo(first));
    }

    [Test]
    public void DifferentKeys_GiveDifferentBoundaries()
    {
        var data = Large.AsSpan(0, 16 * 1024 * 1024);
        var otherKey = (byte[])Key.Clone();
        otherKey[0] ^= 1;

        var first = Lengths(new FastCdcChunker(ChunkerParameters.Default, Key), data);
        var second = Lengths(new FastCdcChunker(ChunkerParameters.Default, otherKey), data);

        Assert.That(second, Is.Not.EqualTo(first));
    }

    [TestCase(100)]
    [TestCase(70_000)]
    public void InsertingBytes_ChangesOnlyTheChunksAroundTheInsertion(int inserted)
    {
        var data = Large;
        var at = data.Length / 2 + 12345;
        var modified = new byte[data.Length + inserted];
        data.AsSpan(0, at).CopyTo(modified);
        Random(inserted, seed: 9).CopyTo(modified, at);
        data.AsSpan(at).CopyTo(modified.AsSpan(at + inserted));

        AssertOnlyChunksNearTheEditChange(data, modified, at);
    }

    [TestCase(100)]
    [TestCase(70_000)]
    public void DeletingBytes_ChangesOnlyTheChunksAroundTheDeletion(int deleted)
    {
        var data = Large;
        var at = data.Length / 3 + 777;
        var modified = new byte[data.Length - deleted];
        data.AsSpan(0, at).CopyTo(modified);
        data.AsSpan(at + deleted).CopyTo(modified.AsSpan(at));

        AssertOnlyChunksNearTheEditChange(data, modified, at);
    }

    [Test]
    public void FindChunkEnd_WithoutABoundaryInPartialData_AsksForMore()
    {
        var chunker = new FastCdcChunker(ChunkerParameters.Default, Key);
        var whole = chunker.FindChunkEnd(Large, isFinalBlock: false);

        Assert.Multiple(() =>
        {
            Assert.That(chunker.FindChunkEnd(Large.AsSpan(0, whole - 1), isFinalBlock: false), Is.Zero);
            Assert.That(chunker.FindChunkEnd(Large.AsSpan(0, whole), isFinalBlock: false), Is.EqualTo(whole));
            Assert.That(chunker.FindChunkEnd(Large.AsSpan(0, whole - 1), isFinalBlock: true), Is.EqualTo(whole - 1));
            Assert.That(chunker.FindChunkEnd(Large.AsSpan(0, 100), isFinalBlock: true), Is.EqualTo(100));
            Assert.That(chunker.FindChunkEnd([], isFinalBlock: true), Is.Zero);
        });
    }

    [Test]
    public void Constructor_RejectsAKeyThatIsNot32Bytes()
    {
        Assert.That(() => new FastCdcChunker(ChunkerParameters.Default, new byte[16]), Throws.ArgumentException);
    }

    [Test]
    public void Constructor_RejectsFixedParameters()
    {
        Assert.That(() => new FastCdcChunker(ChunkerParameters.FixedSize(65536), Key), Throws.ArgumentException);
    }

    private static void AssertOnlyChunksNearTheEditChange(byte[] original, byte[] modified, int editOffset)
    {
        var chunker = new FastCdcChunker(ChunkerParameters.Default, Key);
        Assert.That(original, Is.SameAs(Large));
        var (before, lengths) = LargeChunks.Value;
        var after = ChunkHashes(chunker, modified);

        var chunksBeforeEdit = 0;
        long chunkEnd = lengths[0];
        while (chunkEnd <= editOffset)
        {
            chunksBeforeEdit++;
            chunkEnd += lengths[chunksBeforeEdit];
        }

        var prefix = 0;
        while (prefix < Math.Min(before.Count, after.Count) && before[prefix] == after[prefix])
        {
            prefix++;
        }

        var suffix = 0;
        while (suffix < Math.Min(before.Count, after.Count) - prefix && before[^(suffix + 1)] == after[^(suffix + 1)])
        {
            suffix++;
        }

        Assert.Multiple(() =>
        {
            Assert.That(chunksBeforeEdit, Is.GreaterThan(10), "the edit is in the middle");
            Assert.That(prefix, Is.GreaterThanOrEqualTo(chunksBeforeEdit), "every chunk before the edit is unchanged");
            Assert.That(before.Count - prefix - suffix, Is.InRange(1, 3), "original chunks lost");
            Assert.That(after.Count - prefix - suffix, Is.InRange(1, 3), "new chunks");
            Assert.That(suffix, Is.GreaterThan(10), "the chunks after the edit come back");
        });
    }
}
