using Backup.Sdk.Volumes;
using Backup.Sdk.Volumes.CopyOnWrite;
using Backup.Sdk.Volumes.RedirectOnWrite;

namespace Backup.Sdk.Tests.Volumes;

/// <summary>Both providers against an in-memory model of what each snapshot must read.</summary>
[TestFixtureSource(typeof(VolumeTestDirectory), nameof(VolumeTestDirectory.Kinds))]
public class SnapshotProviderTests(SnapshotProviderKind kind)
{
    private const int BlockSize = 4096;
    private const int Blocks = 256;
    private VolumeTestDirectory _directory = null!;
    private readonly SnapshotVolumeFactory _factory = new();

    [SetUp]
    public void SetUp() => _directory = new VolumeTestDirectory();

    [TearDown]
    public void TearDown() => _directory.Dispose();

    private string VolumePath => _directory.PathOf("vol");

    [Test]
    public async Task Snapshots_AfterRandomRewrites_EachReadTheirPointInTimeContent_AlsoAfterReopening()
    {
        var random = new Random(7);
        var model = new byte[Blocks * BlockSize];
        var expected = new Dictionary<string, byte[]>();
        await using (var volume = _factory.Create(VolumePath, new VolumeGeometry(BlockSize, Blocks), kind))
        {
            for (var round = 0; round < 4; round++)
            {
                await WriteRandomAsync(volume.Volume, model, random, writes: 40);
                await volume.CreateSnapshotAsync($"s{round}");
                expected[$"s{round}"] = (byte[])model.Clone();
            }

            await WriteRandomAsync(volume.Volume, model, random, writes: 40);
            await AssertSnapshotsAsync(volume, expected);
            Bytes.AssertSame(await VolumeTestDirectory.ReadAllAsync(volume.Volume), model);
        }

        await using var reopened = _factory.Open(VolumePath);
        Assert.That(reopened.ListSnapshots().Select(s => s.Name), Is.EqualTo(new[] { "s0", "s1", "s2", "s3" }));
        await AssertSnapshotsAsync(reopened, expected);
        Bytes.AssertSame(await VolumeTestDirectory.ReadAllAsync(reopened.Volume), model);
    }

    [Test]
    public async Task ConcurrentRandomWrites_WhileSnapshotsAreRead_NeverChangeWhatASnapshotReads()
    {
        var model = new byte[Blocks * BlockSize];
        var expected = new Dictionary<string, byte[]>();
        await using var volume = _factory.Create(VolumePath, new VolumeGeometry(BlockSize, Blocks), kind);
        for (var phase = 0; phase < 3; phase++)
        {
            // Four writers on disjoint blocks (so the model is exact) race with readers of every snapshot taken so far.
            using var stop = new CancellationTokenSource();
            var snapshots = expected.ToArray();
            var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
            {
                var random = new Random(phase * 10 + w);
                for (var i = 0; i < 25; i++)
                {
                    var block = random.Next(Blocks / 4) * 4 + w;
                    var length = Math.Min(random.Next(1, 3), Blocks - block);
                    var data = VolumeTestDirectory.Pattern(1, BlockSize, random);
                    await volume.Volume.WriteAsync(block, data);
                    lock (model)
                    {
                        data.CopyTo(model, block * BlockSize);
                    }
                }
            })).ToArray();
            var readers = snapshots.Select(pair => Task.Run(async () =>
            {
                await using var snapshot = volume.OpenSnapshot(pair.Key);
                var reads = 0;
                while (!stop.IsCancellationRequested || reads == 0)
                {
                    Bytes.AssertSame(await VolumeTestDirectory.ReadAllAsync(snapshot), pair.Value, $"snapshot {pair.Key} during phase {phase}");
                    reads++;
                }
            })).ToArray();
            await Task.WhenAll(writers);
            await stop.CancelAsync();
            await Task.WhenAll(readers);
            await volume.CreateSnapshotAsync($"p{phase}");
            expected[$"p{phase}"] = (byte[])model.Clone();
        }

        await AssertSnapshotsAsync(volume, expected);
    }

    [Test]
    public async Task ChangedBlocks_AreExactlyTheBlocksWrittenInBetween_AlsoAfterDeletingAMiddleSnapshot()
    {
        await using var volume = _factory.Create(VolumePath, new VolumeGeometry(BlockSize, Blocks), kind);
        await volume.Volume.WriteAsync(0, new byte[Blocks * BlockSize].Select((_, i) => (byte)(i % 251 + 1)).ToArray());
        await volume.CreateSnapshotAsync("a");
        await WriteBlocksAsync(volume.Volume, 3, 4, 100);
        await volume.CreateSnapshotAsync("b");
        await WriteBlocksAsync(volume.Volume, 4, 200);
        await volume.CreateSnapshotAsync("c");
        await WriteBlocksAsync(volume.Volume, 9, 255);

        Assert.That(volume.GetChangedBlocks("a", "b"), Is.EqualTo(new long[] { 3, 4, 100 }));
        Assert.That(volume.GetChangedBlocks("b", "c"), Is.EqualTo(new long[] { 4, 200 }));
        Assert.That(volume.GetChangedBlocks("a", "c"), Is.EqualTo(new long[] { 3, 4, 100, 200 }));
        Assert.That(volume.GetChangedBlocks("c"), Is.EqualTo(new long[] { 9, 255 }));
        Assert.That(volume.GetChangedBlocks("a"), Is.EqualTo(new long[] { 3, 4, 9, 100, 200, 255 }));
        Assert.That(() => volume.GetChangedBlocks("c", "a"), Throws.ArgumentException);

        var before = await VolumeTestDirectory.ReadAllAsync(volume.OpenSnapshot("a"));
        await volume.DeleteSnapshotAsync("b");
        Assert.That(volume.GetChangedBlocks("a", "c"), Is.EqualTo(new long[] { 3, 4, 100, 200 }));
        await using var a = volume.OpenSnapshot("a");
        Bytes.AssertSame(await VolumeTestDirectory.ReadAllAsync(a), before);
    }

    [Test]
    public async Task DeleteSnapshot_OfTheNewest_KeepsOlderSnapshotsReadable_AndIsDurable()
    {
        var model = new byte[Blocks * BlockSize];
        var random = new Random(3);
        await using (var volume = _factory.Create(VolumePath, new VolumeGeometry(BlockSize, Blocks), kind))
        {
            await WriteRandomAsync(volume.Volume, model, random, 30);
            await volume.CreateSnapshotAsync("old");
            var old = (byte[])model.Clone();
            await WriteRandomAsync(volume.Volume, model, random, 30);
            await volume.CreateSnapshotAsync("new");
            await WriteRandomAsync(volume.Volume, model, random, 30);
            await volume.DeleteSnapshotAsync("new");
            await WriteRandomAsync(volume.Volume, model, random, 30);
            await AssertSnapshotsAsync(volume, new Dictionary<string, byte[]> { ["old"] = old });
        }

        await using var reopened = _factory.Open(VolumePath);
        Assert.That(reopened.ListSnapshots().Select(s => s.Name), Is.EqualTo(new[] { "old" }));
        Assert.That(() => reopened.OpenSnapshot("new"), Throws.TypeOf<VolumeSnapshotNotFoundException>());
        Assert.That(Directory.GetFiles(Path.Combine(VolumePath, "snapshots")).Select(Path.GetFileName), Has.All.StartWith("00000001."));
    }

    [Test]
    public async Task Snapshot_IsReadOnly_NamesAreChecked_AndAnOpenSnapshotCannotBeDeleted()
    {
        await using var volume = _factory.Create(VolumePath, new VolumeGeometry(BlockSize, Blocks), kind);
        await volume.CreateSnapshotAsync("s");
        Assert.That(() => volume.CreateSnapshotAsync("s"), Throws.ArgumentException);
        Assert.That(() => volume.CreateSnapshotAsync("../x"), Throws.ArgumentException);
        await using (var snapshot = volume.OpenSnapshot("s"))
        {
            Assert.That(snapshot.IsReadOnly, Is.True);
            Assert.That(() => snapshot.WriteAsync(0, new byte[BlockSize]).AsTask(), Throws.TypeOf<NotSupportedException>());
            Assert.That(() => volume.DeleteSnapshotAsync("s"), Throws.InvalidOperationException);
        }

        await volume.DeleteSnapshotAsync("s");
        Assert.That(volume.ListSnapshots(), Is.Empty);
    }

    [Test]
    public async Task TornJournalRecord_LeftByACrash_IsCutOffWhenTheVolumeOpens()
    {
        var model = new byte[Blocks * BlockSize];
        await using (var volume = _factory.Create(VolumePath, new VolumeGeometry(BlockSize, Blocks), kind))
        {
            await WriteRandomAsync(volume.Volume, model, new Random(5), 20);
            await volume.CreateSnapshotAsync("s");
            await WriteRandomAsync(volume.Volume, model, new Random(6), 20);
        }

        var expectedLive = model;
        var journal = kind == SnapshotProviderKind.CopyOnWrite ? Path.Combine(VolumePath, "snapshots", "00000001.map") : Path.Combine(VolumePath, "live.journal");
        var intact = new FileInfo(journal).Length;
        await using (var stream = new FileStream(journal, FileMode.Append))
        {
            stream.Write(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13 });
        }

        await using var reopened = _factory.Open(VolumePath);
        Assert.That(new FileInfo(journal).Length, Is.EqualTo(intact));
        Bytes.AssertSame(await VolumeTestDirectory.ReadAllAsync(reopened.Volume), expectedLive);
    }

    internal static async Task WriteRandomAsync(IBlockVolume volume, byte[] model, Random random, int writes)
    {
        var blocks = (int)volume.Geometry.BlockCount;
        for (var i = 0; i < writes; i++)
        {
            var first = random.Next(blocks);
            var count = Math.Min(random.Next(1, 6), blocks - first);
            var data = VolumeTestDirectory.Pattern(count, BlockSize, random);
            await volume.WriteAsync(first, data);
            data.CopyTo(model, first * BlockSize);
        }
    }

    private static async Task WriteBlocksAsync(IBlockVolume volume, params long[] blocks)
    {
        foreach (var block in blocks)
        {
            await volume.WriteAsync(block, VolumeTestDirectory.Pattern(1, BlockSize, new Random((int)block)));
        }
    }

    private static async Task AssertSnapshotsAsync(ISnapshotProvider volume, Dictionary<string, byte[]> expected)
    {
        foreach (var (name, content) in expected)
        {
            await using var snapshot = volume.OpenSnapshot(name);
            Bytes.AssertSame(await VolumeTestDirectory.ReadAllAsync(snapshot), content, $"snapshot {name}");
        }
    }
}
