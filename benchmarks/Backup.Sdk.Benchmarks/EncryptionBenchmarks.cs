using System.Security.Cryptography;
using Backup.Sdk.Cryptography;
using Backup.Sdk.Repository;
using BenchmarkDotNet.Attributes;

namespace Backup.Sdk.Benchmarks;

/// <summary>Sealing blob records (AES-256-GCM with type and id bound in) against a bare AesGcm call. MB/s = Size / Mean.</summary>
[MemoryDiagnoser]
public class EncryptionBenchmarks
{
    private byte[] _data = [];
    private byte[] _sealed = [];
    private byte[] _opened = [];
    private AesGcm _aes = null!;
    private MasterSecret _secret = null!;
    private RepositoryKeys _keys = null!;
    private PackCipher _cipher = null!;
    private ContentId _id;

    [Params(BenchmarkData.OneMiB, BenchmarkData.SixtyFourMiB)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _data = BenchmarkData.Random(Size);
        _sealed = new byte[Size + 16];
        _opened = new byte[Size];
        _aes = new AesGcm(BenchmarkData.Random(32, 1), 16);
        _secret = MasterSecret.Generate();
        _keys = new RepositoryKeys(_secret);
        _cipher = new PackCipher(_keys, BenchmarkData.Random(32, 2));
        _id = new ContentIdHasher(_keys).Compute(BlobType.Data, _data);
        _cipher.SealBlob(BlobType.Data, _id, 60, _data, _sealed);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _aes.Dispose();
        _cipher.Dispose();
        _keys.Dispose();
        _secret.Dispose();
    }

    [Benchmark(Baseline = true)]
    public void AesGcmEncrypt()
    {
        Span<byte> nonce = stackalloc byte[12];
        _aes.Encrypt(nonce, _data, _sealed.AsSpan(0, Size), _sealed.AsSpan(Size, 16));
    }

    [Benchmark]
    public int SealBlob() => _cipher.SealBlob(BlobType.Data, _id, 60, _data, _sealed);

    [Benchmark]
    public void OpenBlob()
    {
        _cipher.SealBlob(BlobType.Data, _id, 60, _data, _sealed);
        _cipher.OpenBlob(BlobType.Data, _id, 60, _sealed, _opened);
    }
}
