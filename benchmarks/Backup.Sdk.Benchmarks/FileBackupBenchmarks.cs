using System.Runtime.Versioning;
using Backup.Sdk.Backups;
using Backup.Sdk.Chunking;
using Backup.Sdk.Cryptography;
using Backup.Sdk.Repository;
using Backup.Sdk.Storage.InMemory;
using BenchmarkDotNet.Attributes;

namespace Backup.Sdk.Benchmarks;

/// <summary>
/// A whole file-tree backup (walk, read, chunk, id, zstd, seal, pack) of 200 files of mixed sizes and one 64 MiB file
/// into an in-memory repository, full each time. Allocation should stay near the stored bytes (the in-memory backend keeps
/// the packs) plus a fixed amount for buffers, not grow with the 64 MiB file: the file is never held whole.
/// </summary>
[MemoryDiagnoser]
[SupportedOSPlatform("linux")]
public class FileBackupBenchmarks
{
    private string _source = "";
    private int _round;

    [GlobalSetup]
    public void Setup()
    {
        _source = Path.Combine(Path.GetTempPath(), "backup-sdk-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_source);
        var random = new Random(7);
        for (var i = 0; i < 200; i++)
        {
            var directory = Path.Combine(_source, "d" + (i % 10));
            Directory.CreateDirectory(directory);
            var size = (i % 4) switch { 0 => 100, 1 => 10_000, 2 => 100_000, _ => 1_000_000 };
            var bytes = new byte[size];
            random.NextBytes(bytes);
            File.WriteAllBytes(Path.Combine(directory, "f" + i), bytes);
        }

        File.WriteAllBytes(Path.Combine(_source, "large.bin"), BenchmarkData.Random(BenchmarkData.SixtyFourMiB));
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_source, recursive: true);

    [Benchmark]
    public async Task<long> FullBackupAsync()
    {
        var init = new RepositoryInitOptions { Kdf = new KdfParameters(8 * 1024, 1, 1), Chunker = new ChunkerParameters() };
        await using var repository = await BackupRepository.InitAsync(new InMemoryStorageBackend(), "pw", init);
        var result = await new FileBackup(repository).RunAsync(new FileBackupOptions { Paths = [_source], Hostname = "bench", Tags = ["r" + _round++] });
        return result.DataAdded;
    }
}
