using System.IO.Hashing;
using System.Security.Cryptography;
using Backup.Sdk.Cryptography;
using Backup.Sdk.Repository;
using BenchmarkDotNet.Attributes;

namespace Backup.Sdk.Benchmarks;

/// <summary>
/// Content ids (keyed HMAC-SHA256) against plain SHA-256, and non-cryptographic candidates for fast change detection.
/// MB/s = Size / Mean.
/// </summary>
[MemoryDiagnoser]
public class HashingBenchmarks
{
    private readonly byte[] _key = BenchmarkData.Random(32, 7);
    private byte[] _data = [];
    private MasterSecret _secret = null!;
    private RepositoryKeys _keys = null!;
    private ContentIdHasher _hasher = null!;

    [Params(BenchmarkData.OneMiB, BenchmarkData.SixtyFourMiB)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _data = BenchmarkData.Random(Size);
        _secret = MasterSecret.Generate();
        _keys = new RepositoryKeys(_secret);
        _hasher = new ContentIdHasher(_keys);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _keys.Dispose();
        _secret.Dispose();
    }

    [Benchmark(Baseline = true)]
    public byte[] Sha256() => SHA256.HashData(_data);

    [Benchmark]
    public byte[] HmacSha256() => HMACSHA256.HashData(_key, _data);

    [Benchmark]
    public ContentId ContentId() => _hasher.Compute(BlobType.Data, _data);

    [Benchmark]
    public ulong XxHash3_64() => XxHash3.HashToUInt64(_data);

    [Benchmark]
    public UInt128 XxHash128_() => XxHash128.HashToUInt128(_data);

    [Benchmark]
    public uint Crc32_() => Crc32.HashToUInt32(_data);
}
