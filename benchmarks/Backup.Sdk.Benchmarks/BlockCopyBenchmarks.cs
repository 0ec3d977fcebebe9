using Backup.Sdk.IO;
using BenchmarkDotNet.Attributes;
using Microsoft.Win32.SafeHandles;

namespace Backup.Sdk.Benchmarks;

/// <summary>
/// Copying a file that is in the page cache to another file: <see cref="BlockCopier"/> with positioned I/O and with streams,
/// against <see cref="Stream.CopyToAsync(Stream, int, CancellationToken)"/>.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ThroughputConfig))]
public class BlockCopyBenchmarks
{
    private string _directory = "";
    private string _sourcePath = "";
    private string _destinationPath = "";
    private SafeFileHandle _source = null!;
    private SafeFileHandle _destination = null!;

    [Params(TestData.OneMiB, TestData.SixtyFourMiB)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _directory = Path.Combine(Path.GetTempPath(), "backup-sdk-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
        _sourcePath = Path.Combine(_directory, "source");
        _destinationPath = Path.Combine(_directory, "destination");
        File.WriteAllBytes(_sourcePath, TestData.Random(Size));
        _source = File.OpenHandle(_sourcePath, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.Asynchronous);
        _destination = File.OpenHandle(_destinationPath, FileMode.Create, FileAccess.ReadWrite, FileShare.Read, FileOptions.Asynchronous);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _source.Dispose();
        _destination.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(Baseline = true)]
    public async Task StreamCopyToAsync()
    {
        await using var source = new FileStream(_sourcePath, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous);
        await using var destination = new FileStream(_destinationPath, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, 1, FileOptions.Asynchronous);
        await source.CopyToAsync(destination, BlockCopier.DefaultBufferSize);
    }

    [Benchmark]
    public async Task<long> BlockCopierStreams()
    {
        await using var source = new FileStream(_sourcePath, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous);
        await using var destination = new FileStream(_destinationPath, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, 1, FileOptions.Asynchronous);
        return await BlockCopier.CopyAsync(source, destination, Size);
    }

    [Benchmark]
    public Task<long> BlockCopierRange() => BlockCopier.CopyRangeAsync(_source, 0, _destination, 0, Size);
}
