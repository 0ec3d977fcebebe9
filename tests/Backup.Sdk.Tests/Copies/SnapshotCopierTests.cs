using System.Runtime.Versioning;
using Backup.Sdk.Backups;
using Backup.Sdk.Chunking;
using Backup.Sdk.Copies;
using Backup.Sdk.Repository;
using Backup.Sdk.Repository.Snapshots;
using Backup.Sdk.Restore;
using Backup.Sdk.Storage.InMemory;
using Backup.Sdk.Tests.Sources.FileSystem;
using Backup.Sdk.Tests.Support;

namespace Backup.Sdk.Tests.Copies;

[Platform("Linux")]
[SupportedOSPlatform("linux")]
public class SnapshotCopierTests
{
    private const string OtherPassword = "another password entirely";

    private TemporaryDirectory _temp = null!;
    private InMemoryStorageBackend _sourceStorage = null!;
    private InMemoryStorageBackend _destinationStorage = null!;
    private BackupRepository _source = null!;
    private BackupRepository _destination = null!;

    private string Data => _temp.Combine("data");

    [SetUp]
    public async Task SetUpAsync()
    {
        _temp = new TemporaryDirectory();
        Directory.CreateDirectory(Data);
        _sourceStorage = new InMemoryStorageBackend();
        _destinationStorage = new InMemoryStorageBackend();
        _source = await TestRepositories.InitAsync(_sourceStorage);
        var other = TestRepositories.SmallOptions();
        other.Chunker = new ChunkerParameters(ChunkerAlgorithm.FastCdc, 8 * 1024, 32 * 1024, 128 * 1024);
        _destination = await BackupRepository.InitAsync(_destinationStorage, OtherPassword, other);
    }

    [TearDown]
    public async Task TearDownAsync()
    {
        await _source.DisposeAsync();
        await _destination.DisposeAsync();
        _temp.Dispose();
    }

    private void Write(string relative, byte[] content)
    {
        var path = Path.Combine(Data, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
    }

    private static async Task<Snapshot> BackupAsync(BackupRepository repository, string path)
    {
        var result = await new FileBackup(repository).RunAsync(new FileBackupOptions { Paths = [path], Hostname = "test-host" });
        return result.Snapshot;
    }

    private static Task<SnapshotCopyResult> CopyAsync(BackupRepository from, BackupRepository to, params ContentId[] ids) =>
        new SnapshotCopier().CopyAsync(from, to, ids.Length == 0 ? null : ids);

    private static async Task<Dictionary<string, string>> FingerprintWithoutLocksAsync(InMemoryStorageBackend storage)
    {
        var all = await TestRepositories.FingerprintAsync(storage);
        return all.Where(p => !p.Key.StartsWith("locks/", StringComparison.Ordinal)).ToDictionary();
    }

    [Test]
    public async Task Copy_BetweenRepositoriesWithDifferentKeysAndChunkers_RestoresByteForByte()
    {
        Write("big.bin", TestRepositories.RandomBytes(900_000, 1));
        Write("dir/sub/small.txt", "hello copy"u8.ToArray());
        Write("dir/empty.bin", []);
        File.CreateSymbolicLink(Path.Combine(Data, "link"), "dir/sub/small.txt");
        var snapshot = await BackupAsync(_source, Data);

        var result = await CopyAsync(_source, _destination);

        Assert.That(result.Copied, Has.Count.EqualTo(1));
        var copy = await _destination.Snapshots.LoadAsync(result.Copied[0].Destination);
        Assert.Multiple(() =>
        {
            Assert.That(copy.Original?.Snapshot, Is.EqualTo(snapshot.Id));
            Assert.That(copy.Original?.Repository, Is.EqualTo(_source.Config.RepositoryId));
            Assert.That(copy.Tree, Is.Not.EqualTo(snapshot.Tree), "tree ids are keyed per repository");
            Assert.That(copy.Paths, Is.EqualTo(snapshot.Paths));
            Assert.That(result.Counters.BytesCopied, Is.GreaterThan(900_000));
        });

        var target = _temp.Combine("target");
        await new SnapshotRestorer(_destination).RestoreAsync(copy, new RestoreOptions { Target = target });
        var restored = target + Data;
        Assert.Multiple(() =>
        {
            Assert.That(File.ReadAllBytes(Path.Combine(restored, "big.bin")), Is.EqualTo(TestRepositories.RandomBytes(900_000, 1)));
            Assert.That(File.ReadAllText(Path.Combine(restored, "dir/sub/small.txt")), Is.EqualTo("hello copy"));
            Assert.That(new FileInfo(Path.Combine(restored, "dir/empty.bin")).Length, Is.Zero);
            Assert.That(new FileInfo(Path.Combine(restored, "link")).LinkTarget, Is.EqualTo("dir/sub/small.txt"));
        });
    }

    [Test]
    public async Task Copy_Twice_AddsNothingTheSecondTime()
    {
        Write("a.bin", TestRepositories.RandomBytes(300_000, 2));
        var snapshot = await BackupAsync(_source, Data);
        await CopyAsync(_source, _destination);
        var before = await FingerprintWithoutLocksAsync(_destinationStorage);

        var again = await CopyAsync(_source, _destination, snapshot.Id);

        Assert.Multiple(async () =>
        {
            Assert.That(again.Copied, Is.Empty);
            Assert.That(again.Skipped.Select(s => s.Source), Is.EqualTo(new[] { snapshot.Id }));
            Assert.That(again.Counters.BlobsCopied, Is.Zero);
            Assert.That(await FingerprintWithoutLocksAsync(_destinationStorage), Is.EqualTo(before));
        });
    }

    [Test]
    public async Task Copy_SecondSnapshotSharingMostData_StoresOnlyTheNewData_AndDoesNotReadUnchangedFiles()
    {
        Write("a.bin", TestRepositories.RandomBytes(600_000, 3));
        Write("b/b.bin", TestRepositories.RandomBytes(600_000, 4));
        await BackupAsync(_source, Data);
        await CopyAsync(_source, _destination);
        Write("c.bin", TestRepositories.RandomBytes(100_000, 5));
        var second = await BackupAsync(_source, Data);

        var result = await CopyAsync(_source, _destination, second.Id);

        Assert.Multiple(() =>
        {
            Assert.That(result.Copied, Has.Count.EqualTo(1));
            Assert.That(result.Counters.BytesCopied, Is.GreaterThanOrEqualTo(100_000).And.LessThan(110_000), "the new file and a few trees");
            Assert.That(result.Counters.BytesSkipped, Is.LessThan(10_000), "unchanged files are mapped from the earlier copy, not read");
            Assert.That(result.Counters.Reused, Is.GreaterThan(0));
        });
        var copy = await _destination.Snapshots.LoadAsync(result.Copied[0].Destination);
        var target = _temp.Combine("target");
        await new SnapshotRestorer(_destination).RestoreAsync(copy, new RestoreOptions { Target = target });
        Assert.That(File.ReadAllBytes(Path.Combine(target + Data, "b/b.bin")), Is.EqualTo(TestRepositories.RandomBytes(600_000, 4)));
    }

    [Test]
    public async Task Copy_IntoRepositoryThatHasTheSameDataFromItsOwnBackup_SkipsThatData()
    {
        // Files below the smallest chunk are one chunk in both repositories, whatever their chunkers.
        for (var i = 0; i < 8; i++)
        {
            Write($"f{i}.bin", TestRepositories.RandomBytes(6_000, 10 + i));
        }

        await BackupAsync(_destination, Data);
        await BackupAsync(_source, Data);

        var result = await CopyAsync(_source, _destination);

        Assert.Multiple(() =>
        {
            Assert.That(result.Copied, Has.Count.EqualTo(1));
            Assert.That(result.Counters.BytesSkipped, Is.GreaterThanOrEqualTo(48_000));
            Assert.That(result.Counters.BytesCopied, Is.LessThan(6_000), "at most trees are new");
        });
    }

    [Test]
    public async Task Copy_CancelledMidway_WritesNoSnapshot_AndTheNextCopySucceeds()
    {
        Write("a/a.bin", TestRepositories.RandomBytes(200_000, 6));
        Write("b/b.bin", TestRepositories.RandomBytes(200_000, 7));
        await BackupAsync(_source, Data);
        using var cancel = new CancellationTokenSource();
        var progress = new SynchronousProgress(_ => cancel.Cancel());

        Assert.CatchAsync<OperationCanceledException>(() => new SnapshotCopier().CopyAsync(_source, _destination, null, progress, cancel.Token));

        Assert.That(await _destination.Snapshots.ListAsync(), Is.Empty);
        var result = await CopyAsync(_source, _destination);
        Assert.That(result.Copied, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Copy_OfACopy_KeepsTheFirstOrigin_AndCopyingBackAddsNothing()
    {
        Write("a.bin", TestRepositories.RandomBytes(50_000, 8));
        var snapshot = await BackupAsync(_source, Data);
        await CopyAsync(_source, _destination);

        var back = await CopyAsync(_destination, _source);

        Assert.Multiple(() =>
        {
            Assert.That(back.Copied, Is.Empty);
            Assert.That(back.Skipped.Select(s => s.Destination), Is.EqualTo(new[] { snapshot.Id }));
        });
    }

    private sealed class SynchronousProgress(Action<SnapshotCopyProgress> report) : IProgress<SnapshotCopyProgress>
    {
        public void Report(SnapshotCopyProgress value) => report(value);
    }
}
