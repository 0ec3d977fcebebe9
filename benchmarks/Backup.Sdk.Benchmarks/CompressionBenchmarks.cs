using Backup.Sdk.Compression;
using BenchmarkDotNet.Attributes;

namespace Backup.Sdk.Benchmarks;

/// <summary>
/// zstd at levels 1 and 3 on text-like (about 3:1) and random data, compressing and decompressing. The baseline is the
/// copy that compression <c>none</c> does. Throughput is of the uncompressed bytes.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ThroughputConfig))]
public class CompressionBenchmarks
{
    private readonly ZstdCompressor _level1 = new(1);
    private readonly ZstdCompressor _level3 = new(3);
    private byte[] _input = [];
    private byte[] _compressed = [];
    private byte[] _compressedLevel1 = [];
    private byte[] _compressedLevel3 = [];
    private byte[] _restored = [];

    [Params(TestData.OneMiB, TestData.SixtyFourMiB)]
    public int Size { get; set; }

    [Params("text", "random")]
    public string Data { get; set; } = "text";

    [GlobalSetup]
    public void Setup()
    {
        _input = Data == "text" ? TestData.TextLike(Size) : TestData.Random(Size);
        _compressed = new byte[_level1.GetMaxCompressedLength(Size)];
        _restored = new byte[Size];
        _compressedLevel1 = _compressed.AsSpan(0, _level1.Compress(_input, _compressed)).ToArray();
        _compressedLevel3 = _compressed.AsSpan(0, _level3.Compress(_input, _compressed)).ToArray();
        Console.WriteLine(
            $"// {Data} {Size}: level 1 ratio {(double)Size / _compressedLevel1.Length:F2}, level 3 ratio {(double)Size / _compressedLevel3.Length:F2}");
    }

    [Benchmark(Baseline = true)]
    public int Copy() => NoCompressor.Instance.Compress(_input, _compressed);

    [Benchmark]
    public int CompressLevel1() => _level1.Compress(_input, _compressed);

    [Benchmark]
    public int CompressLevel3() => _level3.Compress(_input, _compressed);

    [Benchmark]
    public void DecompressLevel1() => _level1.Decompress(_compressedLevel1, _restored);

    [Benchmark]
    public void DecompressLevel3() => _level3.Decompress(_compressedLevel3, _restored);
}
