using System.IO.Abstractions;
using System.Runtime.Versioning;
using System.Security.Cryptography;
using Backup.Sdk.Backups;
using Backup.Sdk.Repository;
using Backup.Sdk.Storage.Caching;
using Backup.Sdk.Storage.Local;
using Backup.Sdk.Testing;
using Backup.Sdk.Tests.Support;

namespace Backup.Sdk.Tests.Storage;

/// <summary>
/// The local metadata cache over a real local repository, measured with a counting decorator: what is cached is not
/// downloaded again, what is damaged or gone is not used.
/// </summary>
[Platform("Linux")]
[SupportedOSPlatform("linux")]
public class CachingStorageBackendTests
{
    private readonly FileSystem _fileSystem = new();
    private string _temp = null!;
    private LocalStorageBackend _storage = null!;

    private string Source => Path.Combine(_temp, "source");

    private string CacheRoot => Path.Combine(_temp, "cache");

    [SetUp]
    public async Task SetUp()
    {
        _temp = Path.Combine(Path.GetTempPath(), "backup-cache-" + Guid.NewGuid().ToString("N"));
        for (var d = 0; d < 6; d++)
        {
            var directory = Path.Combine(Source, $"dir{d}", "sub");
            Directory.CreateDirectory(directory);
            for (var f = 0; f < 4; f++)
            {
                File.WriteAllBytes(Path.Combine(directory, $"f{f}.bin"), TestRepositories.RandomBytes(3000 + f, (d * 10) + f));
            }
        }

        _storage = new LocalStorageBackend(_fileSystem, Path.Combine(_temp, "repo"));
        await using var repository = await TestRepositories.InitAsync(_storage);
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_temp, recursive: true);

    [Test]
    public async Task Backup_UnchangedWithWarmCache_DownloadsNoIndexSnapshotOrTreeObjects()
    {
        await BackupAsync(CacheRoot);

        var warm = await BackupAsync(CacheRoot);
        var cold = await BackupAsync(cacheRoot: null);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(cold.DownloadsIn("index"), Is.GreaterThan(0));
            Assert.That(cold.DownloadsIn("snapshots"), Is.GreaterThan(0));
            Assert.That(cold.DownloadsIn("data"), Is.GreaterThan(0), "parent trees");
            Assert.That(warm.DownloadsIn("index"), Is.Zero);
            Assert.That(warm.DownloadsIn("snapshots"), Is.Zero);
            Assert.That(warm.DownloadsIn("data"), Is.Zero);
            Assert.That(warm.Listings, Is.GreaterThan(0), "the repository is still listed");
        }
    }

    [Test]
    public async Task ListSnapshots_SecondTime_ComesFromTheCache()
    {
        await BackupAsync(cacheRoot: null);
        await BackupAsync(cacheRoot: null);

        var first = await ListSnapshotsAsync(CacheRoot);
        var second = await ListSnapshotsAsync(CacheRoot);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(first.Counting.DownloadsIn("snapshots"), Is.EqualTo(2));
            Assert.That(second.Counting.DownloadsIn("snapshots"), Is.Zero);
            Assert.That(second.Ids, Is.EquivalentTo(first.Ids));
        }
    }

    [Test]
    public async Task Backup_WithFlippedAndTruncatedCacheEntries_DetectsReplacesAndSucceeds()
    {
        await BackupAsync(CacheRoot);
        await BackupAsync(CacheRoot);
        var directory = RepositoryCacheDirectory();
        var indexFile = Directory.GetFiles(Path.Combine(directory, "index"))[0];
        var snapshotFile = Directory.GetFiles(Path.Combine(directory, "snapshots"))[0];
        var treeRecords = Directory.GetFiles(Path.Combine(directory, "trees"), "*", SearchOption.AllDirectories);
        var treeBytes = treeRecords.Select(File.ReadAllBytes).ToList();
        FlipFirstByte(indexFile);
        File.WriteAllBytes(snapshotFile, File.ReadAllBytes(snapshotFile)[..10]);
        foreach (var record in treeRecords)
        {
            FlipFirstByte(record);
        }

        var counting = await BackupAsync(CacheRoot);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(counting.DownloadsIn("index"), Is.EqualTo(1));
            Assert.That(counting.DownloadsIn("snapshots"), Is.GreaterThanOrEqualTo(1));
            Assert.That(counting.DownloadsIn("data"), Is.GreaterThan(0), "the parent's trees, read again");
            Assert.That(NameMatchesContent(indexFile), Is.True, "replaced by the repository's copy");
            Assert.That(NameMatchesContent(snapshotFile), Is.True);
            Assert.That(treeRecords.Select(File.ReadAllBytes).Count(bytes => treeBytes.Any(original => original.SequenceEqual(bytes))), Is.EqualTo(counting.DownloadsIn("data")), "each tree read again is cached again");
        }

        var again = await BackupAsync(CacheRoot);
        Assert.That(again.DownloadsIn("index") + again.DownloadsIn("snapshots") + again.DownloadsIn("data"), Is.Zero);
    }

    [Test]
    public async Task ListSnapshots_AfterAnotherProcessDeletedOne_DoesNotReturnItAndEvictsIt()
    {
        await BackupAsync(cacheRoot: null);
        await BackupAsync(cacheRoot: null);
        var before = await ListSnapshotsAsync(CacheRoot);
        var deleted = before.Ids[0];

        await _storage.DeleteAsync($"snapshots/{deleted}"); // as a forget elsewhere would, without this cache
        var after = await ListSnapshotsAsync(CacheRoot);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(after.Ids, Is.EquivalentTo(before.Ids.Skip(1)));
            Assert.That(File.Exists(Path.Combine(RepositoryCacheDirectory(), "snapshots", deleted.ToString())), Is.False);
            Assert.That(after.Counting.DownloadsIn("snapshots"), Is.Zero);
        }
    }

    [Test]
    public async Task GetAsync_OfCachedObjectNotSeenInAListing_ReadsTheRepository()
    {
        await BackupAsync(CacheRoot);
        var name = $"snapshots/{(await ListSnapshotsAsync(CacheRoot)).Ids[0]}";
        var counting = new CountingStorageBackend(_storage);
        var cache = new CachingStorageBackend(counting, _fileSystem, RepositoryCacheDirectory());

        await _storage.DeleteAsync(name);

        Assert.That(() => cache.GetAsync(name), Throws.InstanceOf<ObjectNotFoundException>());
    }

    [Test]
    public async Task ListingData_AfterPacksWereDeletedElsewhere_EvictsTheirTreeRecords()
    {
        await BackupAsync(CacheRoot);
        var trees = Path.Combine(RepositoryCacheDirectory(), "trees");
        var packs = Directory.GetDirectories(trees).Select(Path.GetFileName).ToList();
        var gone = packs[0]!;
        await _storage.DeleteAsync($"data/{gone[..2]}/{gone}"); // as a prune elsewhere would

        var cache = new CachingStorageBackend(_storage, _fileSystem, RepositoryCacheDirectory());
        await foreach (var unused in cache.ListAsync("data/"))
        {
        }

        Assert.That(Directory.GetDirectories(trees).Select(Path.GetFileName), Is.EquivalentTo(packs.Skip(1)));
    }

    [Test]
    public async Task TwoRepositories_SharingACacheRoot_NeverShareEntries()
    {
        var other = new LocalStorageBackend(_fileSystem, Path.Combine(_temp, "repo2"));
        await using (await TestRepositories.InitAsync(other))
        {
        }

        await BackupAsync(CacheRoot);
        await BackupAsync(CacheRoot, other);

        var directories = Directory.GetDirectories(CacheRoot);
        var entries = directories.Select(d => Directory.GetFiles(d, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(d, f)).ToHashSet()).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(directories, Has.Length.EqualTo(2));
            Assert.That(entries[0].Intersect(entries[1]), Is.Empty);
        }
    }

    [Test]
    public async Task Backup_WithoutCacheDirectory_DownloadsEverythingEachTimeAndWritesNoCache()
    {
        await BackupAsync(cacheRoot: null);
        var second = await BackupAsync(cacheRoot: null);
        var third = await BackupAsync(cacheRoot: null);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(third.DownloadsIn("index"), Is.GreaterThanOrEqualTo(second.DownloadsIn("index")).And.GreaterThan(0));
            Assert.That(third.DownloadsIn("data"), Is.GreaterThan(0));
            Assert.That(Directory.Exists(CacheRoot), Is.False);
        }
    }

    private static void FlipFirstByte(string path)
    {
        var bytes = File.ReadAllBytes(path);
        bytes[0] ^= 0x01;
        File.WriteAllBytes(path, bytes);
    }

    private static bool NameMatchesContent(string path) =>
        Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path))) == Path.GetFileName(path);

    private string RepositoryCacheDirectory() => Directory.GetDirectories(CacheRoot).Single();

    private RepositoryOptions Options(string? cacheRoot) => new() { CacheDirectory = cacheRoot, CacheFileSystem = _fileSystem };

    private async Task<CountingStorageBackend> BackupAsync(string? cacheRoot, Backup.Sdk.Storage.IStorageBackend? storage = null)
    {
        var counting = new CountingStorageBackend(storage ?? _storage);
        await using var repository = await BackupRepository.OpenAsync(counting, TestRepositories.Password, Options(cacheRoot));
        await repository.Blobs.LoadIndexAsync();
        await new FileBackup(repository).RunAsync(new FileBackupOptions { Paths = [Source], Hostname = "h" });
        return counting;
    }

    private async Task<(CountingStorageBackend Counting, List<ContentId> Ids)> ListSnapshotsAsync(string cacheRoot)
    {
        var counting = new CountingStorageBackend(_storage);
        await using var repository = await BackupRepository.OpenAsync(counting, TestRepositories.Password, Options(cacheRoot));
        var snapshots = await repository.Snapshots.ListAsync();
        return (counting, snapshots.Select(s => s.Id).OrderBy(id => id).ToList());
    }
}
