using Backup.Sdk.Chunking;
using BenchmarkDotNet.Attributes;

namespace Backup.Sdk.Benchmarks;

/// <summary>
/// Chunking random data: FastCDC with the default parameters against the fixed-size baseline, and FastCDC with a 64-byte
/// minimum, which hashes nearly every byte (the default skips the first 512 KiB of each chunk) and so shows the raw speed
/// of the gear-hash loop.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ThroughputConfig))]
public class ChunkingBenchmarks
{
    private byte[] _data = [];
    private IChunker _fastCdc = null!;
    private IChunker _fixed = null!;
    private IChunker _fastCdcHashEveryByte = null!;

    [Params(TestData.OneMiB, TestData.SixtyFourMiB)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _data = TestData.Random(Size);
        var key = new byte[32];
        new Random(7).NextBytes(key);
        _fastCdc = Chunker.Create(ChunkerParameters.Default, key);
        _fastCdcHashEveryByte = Chunker.Create(new ChunkerParameters(minSize: 64), key);
        _fixed = new FixedSizeChunker(ChunkerParameters.Default.AverageSize);
    }

    [Benchmark(Baseline = true)]
    public int Fixed() => ChunkAll(_fixed);

    [Benchmark]
    public int FastCdc() => ChunkAll(_fastCdc);

    [Benchmark]
    public int FastCdcHashEveryByte() => ChunkAll(_fastCdcHashEveryByte);

    private int ChunkAll(IChunker chunker)
    {
        ReadOnlySpan<byte> rest = _data;
        var count = 0;
        while (!rest.IsEmpty)
        {
            var length = chunker.FindChunkEnd(rest, isFinalBlock: true);
            rest = rest[length..];
            count++;
        }

        return count;
    }
}
