using System.Runtime.Versioning;
using Backup.Sdk.Backups;
using Backup.Sdk.Restore;
using Backup.Sdk.Storage;
using Backup.Sdk.Storage.InMemory;
using Backup.Sdk.Storage.ReadAhead;
using Backup.Sdk.Testing;
using Backup.Sdk.Tests.Support;

namespace Backup.Sdk.Tests.Storage.ReadAhead;

[SupportedOSPlatform("linux")]
public class PackWindowStorageBackendTests
{
    private const string Pack = "data/ab/ab01";
    private InMemoryStorageBackend _memory = null!;
    private CountingStorageBackend _counting = null!;
    private byte[] _pack = null!;

    [SetUp]
    public async Task SetUp()
    {
        _memory = new InMemoryStorageBackend();
        _counting = new CountingStorageBackend(_memory);
        _pack = new byte[10_000];
        new Random(1).NextBytes(_pack);
        await _memory.PutAsync(Pack, _pack);
    }

    [Test]
    public async Task SmallReadsSideBySide_AreServedFromOneWindow_WithTheRightBytes()
    {
        var windows = new PackWindowStorageBackend(_counting, windowLength: 4096, maxWindows: 2, smallReadLength: 1024);

        var reads = new List<(long Offset, byte[] Bytes)>();
        for (long offset = 0; offset + 500 <= 4096; offset += 500)
        {
            var bytes = new byte[500];
            await windows.ReadAsync(Pack, offset, bytes);
            reads.Add((offset, bytes));
        }

        Assert.Multiple(() =>
        {
            Assert.That(_counting.DownloadsIn("data"), Is.EqualTo(1), "one window read for eight small reads");
            foreach (var (offset, bytes) in reads)
            {
                Assert.That(bytes, Is.EqualTo(_pack.AsSpan((int)offset, 500).ToArray()));
            }
        });
    }

    [Test]
    public async Task ReadBeyondTheWindow_StartsANewWindow_CutAtThePacksEnd()
    {
        var windows = new PackWindowStorageBackend(_counting, windowLength: 4096, maxWindows: 2, smallReadLength: 1024);
        var first = new byte[100];
        var last = new byte[100];

        await windows.ReadAsync(Pack, 0, first);
        await windows.ReadAsync(Pack, _pack.Length - 100, last);

        Assert.Multiple(() =>
        {
            Assert.That(_counting.DownloadsIn("data"), Is.EqualTo(2));
            Assert.That(_counting.BytesIn("data"), Is.EqualTo(4096 + 100), "the second window ends at the pack's end");
            Assert.That(last, Is.EqualTo(_pack.AsSpan(_pack.Length - 100).ToArray()));
        });
    }

    [Test]
    public async Task LargeReadsAndOtherFolders_PassStraightThrough()
    {
        var windows = new PackWindowStorageBackend(_counting, windowLength: 4096, maxWindows: 2, smallReadLength: 1024);
        await _memory.PutAsync("index/01", _pack);
        var large = new byte[2000];
        var index = new byte[10];

        await windows.ReadAsync(Pack, 100, large);
        await windows.ReadAsync("index/01", 0, index);
        await windows.ReadAsync("index/01", 10, index);

        Assert.Multiple(() =>
        {
            Assert.That(_counting.BytesIn("data"), Is.EqualTo(2000));
            Assert.That(_counting.DownloadsIn("index"), Is.EqualTo(2));
            Assert.That(large, Is.EqualTo(_pack.AsSpan(100, 2000).ToArray()));
        });
    }

    [Test]
    public async Task AtMostMaxWindowsAreHeld_TheOldestIsDropped()
    {
        var windows = new PackWindowStorageBackend(_counting, windowLength: 1024, maxWindows: 2, smallReadLength: 512);
        var bytes = new byte[10];

        await windows.ReadAsync(Pack, 0, bytes);
        await windows.ReadAsync(Pack, 2000, bytes);
        await windows.ReadAsync(Pack, 4000, bytes);
        await windows.ReadAsync(Pack, 0, bytes); // dropped: read again
        await windows.ReadAsync(Pack, 4000, bytes); // still held

        Assert.That(_counting.DownloadsIn("data"), Is.EqualTo(4));
    }

    [Test]
    public async Task MissingPackOrReadPastTheEnd_FailsAsTheInnerBackendDoes()
    {
        var windows = new PackWindowStorageBackend(_counting, windowLength: 4096, maxWindows: 2, smallReadLength: 1024);

        Assert.That(async () => await windows.ReadAsync("data/ab/missing", 0, new byte[10]), Throws.InstanceOf<ObjectNotFoundException>());
        Assert.That(async () => await windows.ReadAsync(Pack, _pack.Length - 5, new byte[10]), Throws.Exception);
    }

    [Test]
    public async Task DeleteAndPut_DropTheNamesWindows()
    {
        var windows = new PackWindowStorageBackend(_counting, windowLength: 4096, maxWindows: 4, smallReadLength: 1024);
        var bytes = new byte[10];
        await windows.ReadAsync(Pack, 0, bytes);

        var replaced = new byte[10_000];
        replaced.AsSpan().Fill(7);
        await windows.DeleteAsync(Pack);
        await windows.PutAsync(Pack, replaced);
        await windows.ReadAsync(Pack, 0, bytes);

        Assert.That(bytes, Is.All.EqualTo(7));
    }

    [Test]
    public async Task RestoreThroughWindows_IsByteForByteAndReadsFewerPackRanges()
    {
        var source = Directory.CreateTempSubdirectory("backup-window-").FullName;
        try
        {
            for (var i = 0; i < 200; i++)
            {
                var content = new byte[300 + i];
                new Random(i).NextBytes(content);
                File.WriteAllBytes(Path.Combine(source, $"f{i:000}"), content);
            }

            await using (var repository = await TestRepositories.InitAsync(_memory))
            {
                await new FileBackup(repository).RunAsync(new FileBackupOptions { Paths = [source] });
            }

            var direct = await RestoreAsync(new CountingStorageBackend(_memory), source);
            var windowed = await RestoreAsync(new CountingStorageBackend(_memory), source, window: true);

            Assert.Multiple(() =>
            {
                Assert.That(windowed.Files, Is.EqualTo(direct.Files));
                Assert.That(windowed.PackReads, Is.LessThan(direct.PackReads / 10), $"direct {direct.PackReads}, windowed {windowed.PackReads}");
            });
        }
        finally
        {
            Directory.Delete(source, recursive: true);
        }
    }

    private static async Task<(SortedDictionary<string, string> Files, long PackReads)> RestoreAsync(CountingStorageBackend counting, string source, bool window = false)
    {
        IStorageBackend storage = window ? new PackWindowStorageBackend(counting) : counting;
        var target = Directory.CreateTempSubdirectory("backup-window-target-").FullName;
        try
        {
            await using var repository = await TestRepositories.OpenAsync(storage);
            var snapshot = await repository.Snapshots.LoadAsync(await repository.Snapshots.ResolveAsync("latest"));
            counting.Reset();
            await new SnapshotRestorer(repository).RestoreAsync(snapshot, new RestoreOptions { Target = target });
            var restored = Path.Combine(target, source.TrimStart('/'));
            var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
            foreach (var file in Directory.EnumerateFiles(restored))
            {
                files[Path.GetFileName(file)] = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(file)));
            }

            return (files, counting.DownloadsIn("data"));
        }
        finally
        {
            Directory.Delete(target, recursive: true);
        }
    }
}
