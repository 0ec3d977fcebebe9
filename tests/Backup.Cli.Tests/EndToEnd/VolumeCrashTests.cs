using System.Diagnostics;
using Backup.Sdk.Volumes;

namespace Backup.Cli.Tests.EndToEnd;

/// <summary>
/// <c>backup volume write</c> as a real process killed with SIGKILL in the middle of its writes: every snapshot still reads
/// exactly its point-in-time content, and every live block is either its old or its new content.
/// </summary>
[Category("EndToEnd")]
[NonParallelizable]
public class VolumeCrashTests
{
    private const int BlockSize = 4096;
    private const int Size = 32 * 1024 * 1024;
    private string _root = null!;

    [SetUp]
    public void SetUp() => _root = Directory.CreateTempSubdirectory("backup-volume-crash-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_root, recursive: true);

    [TestCase("cow")]
    [TestCase("row")]
    public async Task VolumeWrite_KilledWithSigkillMidWrite_LeavesEverySnapshotReadingItsContent(string provider)
    {
        var path = Path.Combine(_root, "vol");
        var factory = new SnapshotVolumeFactory();
        var kind = provider == "row" ? SnapshotProviderKind.RedirectOnWrite : SnapshotProviderKind.CopyOnWrite;
        var expected = new Dictionary<string, byte[]>();
        var random = new Random(11);
        await using (var volume = factory.Create(path, new VolumeGeometry(BlockSize, Size / BlockSize), kind))
        {
            var initial = new byte[Size];
            random.NextBytes(initial);
            await volume.Volume.WriteAsync(0, initial);
            await volume.CreateSnapshotAsync("s0");
            expected["s0"] = initial;
        }

        var cli = new CliProcess(Path.Combine(_root, "unused-repo"));
        for (var round = 1; round <= 3; round++)
        {
            var input = Path.Combine(_root, $"input{round}.bin");
            var data = new byte[Size];
            random.NextBytes(data);
            await File.WriteAllBytesAsync(input, data);
            var before = expected[$"s{round - 1}"];

            var grows = provider == "row" ? Path.Combine(path, "blocks.dat") : Path.Combine(path, "snapshots", $"{round:D8}.store");
            var startLength = new FileInfo(grows).Length;
            using (var writer = cli.Start("volume", "write", path, "--offset", "0", "--input", input))
            {
                // Kill once the writer is surely mid-way: a second 1 MiB piece reached the snapshot store or the slot file, so the
                // first one was written through.
                var watch = Stopwatch.StartNew();
                while (!writer.HasExited && new FileInfo(grows).Length < startLength + (2 * 1024 * 1024) && watch.Elapsed < TimeSpan.FromMinutes(1))
                {
                    await Task.Delay(5);
                }

                Assert.That(writer.HasExited, Is.False, "the write finished before it could be killed");
                writer.Kill(entireProcessTree: true);
                await writer.WaitForExitAsync();
            }

            await using var volume = factory.Open(path);
            foreach (var (name, content) in expected)
            {
                await using var snapshot = volume.OpenSnapshot(name);
                Assert.That(await ReadAllAsync(snapshot) is var read && read.AsSpan().SequenceEqual(content), Is.True, $"snapshot {name} after kill {round}");
            }

            var live = await ReadAllAsync(volume.Volume);
            var changed = 0;
            for (var block = 0; block < Size / BlockSize; block++)
            {
                var span = live.AsSpan(block * BlockSize, BlockSize);
                var isNew = span.SequenceEqual(data.AsSpan(block * BlockSize, BlockSize));
                Assert.That(isNew || span.SequenceEqual(before.AsSpan(block * BlockSize, BlockSize)), Is.True, $"live block {block} is neither old nor new");
                changed += isNew ? 1 : 0;
            }

            Assert.That(changed, Is.InRange(1, (Size / BlockSize) - 1), "the kill landed mid-write");
            await volume.CreateSnapshotAsync($"s{round}");
            expected[$"s{round}"] = live;
        }
    }

    private static async Task<byte[]> ReadAllAsync(IBlockVolume volume)
    {
        var bytes = new byte[volume.Geometry.Size];
        await volume.ReadAsync(0, bytes);
        return bytes;
    }
}
