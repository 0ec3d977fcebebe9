using Backup.Sdk.Chunking;
using static Backup.Sdk.Tests.Chunking.ChunkingTestData;

namespace Backup.Sdk.Tests.Chunking;

public class StreamChunkerTests
{
    private static IEnumerable<TestCaseData> Cases()
    {
        var small = new ChunkerParameters(ChunkerAlgorithm.FastCdc, 256, 1024, 8192);
        yield return new TestCaseData(small, 1 * 1024 * 1024, 1).SetName("FastCdcSmall_OneByteReads");
        yield return new TestCaseData(small, 1 * 1024 * 1024, 3000).SetName("FastCdcSmall_ReadsUpTo3000");
        yield return new TestCaseData(small, 1 * 1024 * 1024, 100_000).SetName("FastCdcSmall_ReadsUpTo100000");
        yield return new TestCaseData(ChunkerParameters.Default, 40 * 1024 * 1024, 3 * 1024 * 1024).SetName("FastCdcDefault_ReadsUpTo3MiB");
        yield return new TestCaseData(ChunkerParameters.Default, 40 * 1024 * 1024, 64 * 1024 * 1024).SetName("FastCdcDefault_ReadsToTheEnd");
        yield return new TestCaseData(ChunkerParameters.FixedSize(4096), 100_001, 5000).SetName("Fixed_ReadsUpTo5000");
    }

    private static IEnumerable<TestCaseData> ZeroRunCases()
    {
        // Zero runs have no boundary, so FastCDC cuts them at the largest chunk size: the window is used in full, and
        // its tail moves to the front before nearly every long chunk.
        yield return new TestCaseData(64 * 1024 * 1024).SetName("ZeroRuns_ReadsToTheEnd");
        yield return new TestCaseData(1024 * 1024 + 7).SetName("ZeroRuns_ReadsUpTo1MiBPlus7");
        yield return new TestCaseData(4096).SetName("ZeroRuns_ReadsUpTo4KiB");
    }

    [TestCaseSource(nameof(Cases))]
    public async Task ReadChunksAsync_WithAnyReadSizes_GivesTheChunksOfTheWholeBuffer(
        ChunkerParameters parameters, int size, int maxRead)
    {
        var data = Large.AsSpan(0, size).ToArray();
        var chunker = Chunker.Create(parameters, Key);
        var expected = ChunkHashes(chunker, data);

        var actual = new List<UInt128>();
        var total = 0L;
        using var stream = new RandomReadSizeStream(data, maxRead, seed: maxRead);
        await foreach (var chunk in StreamChunker.ReadChunksAsync(stream, chunker))
        {
            actual.Add(System.IO.Hashing.XxHash128.HashToUInt128(chunk.Span));
            total += chunk.Length;
        }

        Assert.Multiple(() =>
        {
            Assert.That(actual, Is.EqualTo(expected));
            Assert.That(total, Is.EqualTo(size));
        });
    }

    [TestCaseSource(nameof(ZeroRunCases))]
    public async Task ReadChunksAsync_WithChunksOfTheLargestSize_GivesTheChunksOfTheWholeBuffer(int maxRead)
    {
        // random, zeros, random, zeros: long chunks start at every offset within the window
        var data = new byte[40 * 1024 * 1024];
        Large.AsSpan(0, 3 * 1024 * 1024 + 12_345).CopyTo(data);
        Large.AsSpan(5 * 1024 * 1024, 7 * 1024 * 1024 + 999).CopyTo(data.AsSpan(20 * 1024 * 1024));
        var chunker = Chunker.Create(ChunkerParameters.Default, Key);
        var expected = ChunkHashes(chunker, data);

        var actual = new List<UInt128>();
        var longest = 0;
        using var stream = new RandomReadSizeStream(data, maxRead, seed: maxRead);
        await foreach (var chunk in StreamChunker.ReadChunksAsync(stream, chunker))
        {
            actual.Add(System.IO.Hashing.XxHash128.HashToUInt128(chunk.Span));
            longest = Math.Max(longest, chunk.Length);
        }

        Assert.Multiple(() =>
        {
            Assert.That(actual, Is.EqualTo(expected));
            Assert.That(longest, Is.EqualTo(ChunkerParameters.Default.MaxSize), "the data has chunks of the largest size");
        });
    }

    [Test]
    public void ReadChunksAsync_WhenTheChunkerFindsNoBoundaryInAWholeChunk_ThrowsContractError()
    {
        Assert.That(
            async () =>
            {
                await foreach (var chunk in StreamChunker.ReadChunksAsync(new MemoryStream(new byte[10_000]), new NeverCuttingChunker()))
                {
                }
            },
            Throws.InvalidOperationException.With.Message.Contains("IChunker contract"));
    }

    [Test]
    public async Task ReadChunksAsync_OnAnEmptyStream_YieldsNothing()
    {
        var count = 0;
        await foreach (var chunk in StreamChunker.ReadChunksAsync(new MemoryStream(), new FixedSizeChunker(4096)))
        {
            count++;
        }

        Assert.That(count, Is.Zero);
    }

    [Test]
    public async Task ReadChunksAsync_StoppedEarly_CanBeStartedAgain()
    {
        var data = Large.AsSpan(0, 100_000).ToArray();
        var chunker = new FixedSizeChunker(4096);

        await foreach (var chunk in StreamChunker.ReadChunksAsync(new MemoryStream(data), chunker))
        {
            break;
        }

        var count = 0;
        await foreach (var chunk in StreamChunker.ReadChunksAsync(new MemoryStream(data), chunker))
        {
            count++;
        }

        Assert.That(count, Is.EqualTo(25));
    }

    [Test]
    public void ReadChunksAsync_WhenCancelled_Throws()
    {
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();

        Assert.That(
            async () =>
            {
                await foreach (var chunk in StreamChunker.ReadChunksAsync(new MemoryStream(new byte[10_000]), new FixedSizeChunker(4096), cancellation.Token))
                {
                }
            },
            Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public void ReadChunksAsync_ChecksItsArgumentsAtOnce()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => StreamChunker.ReadChunksAsync(null!, new FixedSizeChunker(4096)), Throws.ArgumentNullException);
            Assert.That(() => StreamChunker.ReadChunksAsync(new MemoryStream(), null!), Throws.ArgumentNullException);
        });
    }

    /// <summary>A chunker that breaks the contract: no boundary even in a whole largest chunk.</summary>
    private sealed class NeverCuttingChunker : IChunker
    {
        public int MaxChunkSize => 4096;

        public int FindChunkEnd(ReadOnlySpan<byte> data, bool isFinalBlock) => 0;
    }

    /// <summary>A read-only stream whose reads return a random 1 to maxRead bytes.</summary>
    private sealed class RandomReadSizeStream(byte[] data, int maxRead, int seed) : Stream
    {
        private readonly Random _random = new(seed);
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var length = Math.Min(Math.Min(buffer.Length, _random.Next(1, maxRead + 1)), data.Length - _position);
            data.AsSpan(_position, length).CopyTo(buffer);
            _position += length;
            return length;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return new ValueTask<int>(Read(buffer.Span));
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
