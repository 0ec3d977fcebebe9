using Backup.Sdk.Volumes;
using BenchmarkDotNet.Attributes;

namespace Backup.Sdk.Benchmarks;

/// <summary>
/// The first write to every block after a snapshot (copy-on-write copies each original aside with ordered fsyncs;
/// redirect-on-write writes to new slots and journals the map), against overwriting the same blocks with no snapshot
/// pending (the baseline: in place for both). <c>Size</c> bytes are written per operation in 1 MiB writes.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ThroughputConfig))]
public class VolumeFirstWriteBenchmarks
{
    private const int BlockSize = 64 * 1024;
    private string _directory = "";
    private ISnapshotProvider _volume = null!;
    private byte[] _data = [];

    [Params(SnapshotProviderKind.CopyOnWrite, SnapshotProviderKind.RedirectOnWrite)]
    public SnapshotProviderKind Provider { get; set; }

    [Params(16 * 1024 * 1024)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _directory = Path.Combine(Path.GetTempPath(), "backup-sdk-bench-volume-" + Guid.NewGuid().ToString("N"));
        _volume = new SnapshotVolumeFactory().Create(_directory, VolumeGeometry.FromSize(Size, BlockSize), Provider);
        _data = TestData.Random(Size);
        WriteAll().GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _volume.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Directory.Delete(_directory, recursive: true);
    }

    [IterationSetup(Target = nameof(FirstWriteAfterSnapshot))]
    public void TakeSnapshot() => _volume.CreateSnapshotAsync("s").GetAwaiter().GetResult();

    [IterationCleanup(Target = nameof(FirstWriteAfterSnapshot))]
    public void DeleteSnapshot() => _volume.DeleteSnapshotAsync("s").GetAwaiter().GetResult();

    [Benchmark(Baseline = true)]
    public Task OverwriteWithoutSnapshot() => WriteAll();

    [Benchmark]
    public Task FirstWriteAfterSnapshot() => WriteAll();

    private async Task WriteAll()
    {
        for (var offset = 0; offset < Size; offset += TestData.OneMiB)
        {
            await _volume.Volume.WriteAsync(offset / BlockSize, _data.AsMemory(offset, TestData.OneMiB));
        }
    }
}

/// <summary>
/// Sequential read throughput of the live volume and of a snapshot after a share of the blocks was rewritten in random
/// order (redirect-on-write fragments the live volume, copy-on-write fragments the snapshot), against reading a plain
/// image file through <see cref="FileBlockVolume"/> (the baseline). Everything is in the page cache.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ThroughputConfig))]
public class VolumeReadBenchmarks
{
    private const int BlockSize = 64 * 1024;
    private string _directory = "";
    private ISnapshotProvider _volume = null!;
    private IBlockVolume _snapshot = null!;
    private FileBlockVolume _plain = null!;
    private byte[] _buffer = [];

    [Params(SnapshotProviderKind.CopyOnWrite, SnapshotProviderKind.RedirectOnWrite)]
    public SnapshotProviderKind Provider { get; set; }

    [Params(10, 50)]
    public int RewrittenPercent { get; set; }

    [Params(TestData.SixtyFourMiB)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _directory = Path.Combine(Path.GetTempPath(), "backup-sdk-bench-volume-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
        var data = TestData.Random(Size);
        _volume = new SnapshotVolumeFactory().Create(Path.Combine(_directory, "vol"), VolumeGeometry.FromSize(Size, BlockSize), Provider);
        _volume.Volume.WriteAsync(0, data).AsTask().GetAwaiter().GetResult();
        _volume.CreateSnapshotAsync("s").GetAwaiter().GetResult();
        var random = new Random(1);
        var blocks = Enumerable.Range(0, Size / BlockSize).OrderBy(_ => random.Next()).Take(Size / BlockSize * RewrittenPercent / 100);
        foreach (var block in blocks)
        {
            _volume.Volume.WriteAsync(block, data.AsMemory(0, BlockSize)).AsTask().GetAwaiter().GetResult();
        }

        _snapshot = _volume.OpenSnapshot("s");
        _plain = FileBlockVolume.Create(Path.Combine(_directory, "plain.img"), VolumeGeometry.FromSize(Size, BlockSize));
        _plain.WriteAsync(0, data).AsTask().GetAwaiter().GetResult();
        _buffer = new byte[TestData.OneMiB];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _snapshot.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _volume.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _plain.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(Baseline = true)]
    public Task PlainFile() => ReadAll(_plain);

    [Benchmark]
    public Task LiveVolume() => ReadAll(_volume.Volume);

    [Benchmark]
    public Task Snapshot() => ReadAll(_snapshot);

    private async Task ReadAll(IBlockVolume volume)
    {
        for (var offset = 0; offset < Size; offset += _buffer.Length)
        {
            await volume.ReadAsync(offset / BlockSize, _buffer);
        }
    }
}

/// <summary>
/// The block-copy hot path: exporting a whole volume (live or a snapshot, after half the blocks were rewritten) to an
/// image file, against <see cref="IO.BlockCopier.CopyRangeAsync"/> of a plain file of the same content (what <c>cp</c>
/// does). <c>Size</c> bytes copied per operation.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ThroughputConfig))]
public class VolumeExportBenchmarks
{
    private const int BlockSize = 64 * 1024;
    private string _directory = "";
    private ISnapshotProvider _volume = null!;
    private IBlockVolume _snapshot = null!;
    private Microsoft.Win32.SafeHandles.SafeFileHandle _plain = null!;
    private Microsoft.Win32.SafeHandles.SafeFileHandle _copy = null!;

    [Params(SnapshotProviderKind.CopyOnWrite, SnapshotProviderKind.RedirectOnWrite)]
    public SnapshotProviderKind Provider { get; set; }

    [Params(TestData.SixtyFourMiB)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _directory = Path.Combine(Path.GetTempPath(), "backup-sdk-bench-volume-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
        var data = TestData.Random(Size);
        _volume = new SnapshotVolumeFactory().Create(Path.Combine(_directory, "vol"), VolumeGeometry.FromSize(Size, BlockSize), Provider);
        _volume.Volume.WriteAsync(0, data).AsTask().GetAwaiter().GetResult();
        _volume.CreateSnapshotAsync("s").GetAwaiter().GetResult();
        for (var block = 0; block < Size / BlockSize; block += 2)
        {
            _volume.Volume.WriteAsync(block, data.AsMemory(0, BlockSize)).AsTask().GetAwaiter().GetResult();
        }

        _snapshot = _volume.OpenSnapshot("s");
        File.WriteAllBytes(Path.Combine(_directory, "plain.img"), data);
        _plain = File.OpenHandle(Path.Combine(_directory, "plain.img"), FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.Asynchronous);
        _copy = File.OpenHandle(Path.Combine(_directory, "copy.img"), FileMode.Create, FileAccess.ReadWrite, FileShare.Read, FileOptions.Asynchronous);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _snapshot.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _volume.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _plain.Dispose();
        _copy.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(Baseline = true)]
    public Task<long> PlainFileCopy() => IO.BlockCopier.CopyRangeAsync(_plain, 0, _copy, 0, Size);

    [Benchmark]
    public Task<long> ExportLive() => VolumeExport.ToFileAsync(_volume.Volume, Path.Combine(_directory, "live.img"));

    [Benchmark]
    public Task<long> ExportSnapshot() => VolumeExport.ToFileAsync(_snapshot, Path.Combine(_directory, "snapshot.img"));
}
