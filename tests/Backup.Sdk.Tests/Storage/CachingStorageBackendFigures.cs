using System.IO.Abstractions;
using System.Runtime.Versioning;
using Backup.Sdk.Backups;
using Backup.Sdk.Repository;
using Backup.Sdk.Storage.Local;
using Backup.Sdk.Testing;
using Backup.Sdk.Tests.Support;

namespace Backup.Sdk.Tests.Storage;

/// <summary>
/// Figures for docs: what an unchanged backup of a mid-size tree (1,000 directories, 10,000 small files) downloads with
/// and without the local cache. Run by hand:
/// <c>dotnet test tests/Backup.Sdk.Tests --filter "FullyQualifiedName~CachingStorageBackendFigures"</c>.
/// </summary>
[Explicit("measurement")]
[Platform("Linux")]
[SupportedOSPlatform("linux")]
public class CachingStorageBackendFigures
{
    private readonly FileSystem _fileSystem = new();
    private string _temp = null!;

    [SetUp]
    public void SetUp() => _temp = Path.Combine(Path.GetTempPath(), "backup-cache-figures-" + Guid.NewGuid().ToString("N"));

    [TearDown]
    public void TearDown() => Directory.Delete(_temp, recursive: true);

    [Test]
    public async Task UnchangedBackup_OfAMidSizeTree_WithAndWithoutCache()
    {
        var source = Path.Combine(_temp, "source");
        for (var d = 0; d < 1000; d++)
        {
            var directory = Path.Combine(source, $"d{d / 100}", $"e{d}");
            Directory.CreateDirectory(directory);
            for (var f = 0; f < 10; f++)
            {
                File.WriteAllBytes(Path.Combine(directory, $"f{f}.bin"), TestRepositories.RandomBytes(2000, (d * 10) + f));
            }
        }

        var storage = new LocalStorageBackend(_fileSystem, Path.Combine(_temp, "repo"));
        await using (await TestRepositories.InitAsync(storage, TestRepositories.SmallOptions(packSize: 4 << 20)))
        {
        }

        var cache = Path.Combine(_temp, "cache");
        await BackupAsync(storage, source, cache); // first backup: uploads, fills the cache
        await BackupAsync(storage, source, cache); // the same again, so there are 2 snapshots and 2 index files at least
        var warm = await BackupAsync(storage, source, cache);
        var cold = await BackupAsync(storage, source, cacheRoot: null);

        foreach (var (label, c) in new[] { ("without cache", cold), ("with warm cache", warm) })
        {
            await TestContext.Out.WriteLineAsync(
                $"{label}: {c.Downloads} objects / {c.BytesDownloaded:N0} bytes downloaded " +
                $"(index {c.DownloadsIn("index")} / {c.BytesIn("index"):N0} B, snapshots {c.DownloadsIn("snapshots")} / {c.BytesIn("snapshots"):N0} B, " +
                $"trees (pack ranges) {c.DownloadsIn("data")} / {c.BytesIn("data"):N0} B, other {c.Downloads - c.DownloadsIn("index") - c.DownloadsIn("snapshots") - c.DownloadsIn("data")}), {c.Listings} listings");
        }

        Assert.That(warm.BytesDownloaded, Is.LessThan(cold.BytesDownloaded));
    }

    private async Task<CountingStorageBackend> BackupAsync(LocalStorageBackend storage, string source, string? cacheRoot)
    {
        var counting = new CountingStorageBackend(storage);
        var options = new RepositoryOptions { CacheDirectory = cacheRoot, CacheFileSystem = _fileSystem };
        await using var repository = await BackupRepository.OpenAsync(counting, TestRepositories.Password, options);
        await repository.Blobs.LoadIndexAsync();
        await new FileBackup(repository).RunAsync(new FileBackupOptions { Paths = [source], Hostname = "h" });
        return counting;
    }
}
