using Backup.Sdk.Chunking;
using Backup.Sdk.Cryptography;
using Backup.Sdk.Repository;
using Backup.Sdk.Storage;
using Backup.Sdk.Storage.InMemory;
using BenchmarkDotNet.Attributes;

namespace Backup.Sdk.Benchmarks;

/// <summary>
/// The whole save path of new blobs (id, zstd, seal, pack, in-memory upload) with and without the verification before upload,
/// so that its cost is known. 64 MiB of half-compressible data in 1 MiB blobs per operation.
/// </summary>
[MemoryDiagnoser]
public class BlobSaveBenchmarks
{
    private const int BlobCount = 64;
    private byte[][] _blobs = [];
    private int _round;

    [Params(true, false)]
    public bool Verify { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        // Half random, half repeated text: compressible about 2:1, like mixed real data.
        _blobs = new byte[BlobCount][];
        var text = System.Text.Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("backup sdk benchmark line 0123456789\n", 20000)));
        for (var i = 0; i < BlobCount; i++)
        {
            var blob = BenchmarkData.Random(BenchmarkData.OneMiB, i);
            text.AsSpan(0, BenchmarkData.OneMiB / 2).CopyTo(blob);
            _blobs[i] = blob;
        }
    }

    [Benchmark]
    public async Task SaveAsync()
    {
        // A fresh repository each time, so that every blob is new; the key derivation is cheap on purpose.
        var storage = new InMemoryStorageBackend();
        var init = new RepositoryInitOptions { Kdf = new KdfParameters(8 * 1024, 1, 1), Chunker = new ChunkerParameters() };
        await using var repository = await BackupRepository.InitAsync(storage, "pw", init, new RepositoryOptions { VerifyBeforeUpload = Verify });
        _round++;
        foreach (var blob in _blobs)
        {
            blob[^1] = (byte)_round;
            await repository.Blobs.SaveAsync(BlobType.Data, blob);
        }

        await repository.Blobs.FlushAsync();
    }
}
