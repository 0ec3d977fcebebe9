using System.IO.Abstractions;
using System.Runtime.Versioning;
using Backup.Sdk.Backups;
using Backup.Sdk.Storage.Local;
using Backup.Sdk.Testing;
using Backup.Sdk.Tests.Support;

namespace Backup.Sdk.Tests.Backups;

[Platform("Linux")]
[SupportedOSPlatform("linux")]
public class FileBackupConsistencyTests : FileBackupFixture
{
    [Test]
    public async Task Cancel_MidBackup_WritesNoSnapshot_AndTheNextBackupReusesThePacks()
    {
        // 4 files of 1 MiB: with 256 KiB packs, several packs are uploaded before the cancel.
        const long total = 4 << 20;
        for (var i = 0; i < 4; i++)
        {
            Write($"f{i}", TestRepositories.RandomBytes(1 << 20, 10 + i));
        }

        using var cancel = new CancellationTokenSource();
        var access = new TestSourceAccess
        {
            AfterChunk = (_, name, _) =>
            {
                if (name.AsSpan().SequenceEqual("f2"u8))
                {
                    cancel.Cancel();
                }
            },
        };
        var options = new FileBackupOptions { Paths = [Source.Path], Hostname = "h", MaxConcurrency = 1 };

        Assert.That(() => BackupAsync(options, access, cancellationToken: cancel.Token), Throws.InstanceOf<OperationCanceledException>());
        Assert.That(await Repository.Snapshots.ListAsync(), Is.Empty);

        // A new session over the same storage sees only what was indexed.
        await using var reopened = await TestRepositories.OpenAsync(Storage);
        await reopened.Blobs.LoadIndexAsync();
        var second = await new FileBackup(reopened).RunAsync(options);
        var entries = await SnapshotContents.ReadAsync(reopened, second.Snapshot.Id);

        Assert.Multiple(() =>
        {
            Assert.That(reopened.Blobs.Count, Is.GreaterThan(0), "the cancelled run's packs were indexed");
            Assert.That(second.DataAdded, Is.LessThan(total / 2), "at least f0 and f1 were reused");
            Assert.That(entries[Source.Combine("f3")].Content, Is.EqualTo(TestRepositories.RandomBytes(1 << 20, 13)));
            Assert.That(second.Errors, Is.Empty);
        });
    }

    [Test]
    public async Task TwoBackups_OnTwoRepositoryInstancesOverOneLocalDirectory_RunConcurrentlyAndBothReadBack()
    {
        var repositoryPath = Path.Combine(Source.Path, "..", "repo-" + Guid.NewGuid().ToString("N"));
        var fileSystem = new FileSystem();
        try
        {
            var first = Write("one/a", TestRepositories.RandomBytes(700_000, 21));
            Write("one/shared", TestRepositories.RandomBytes(300_000, 23));
            var second = Write("two/b", TestRepositories.RandomBytes(700_000, 22));
            Write("two/shared", TestRepositories.RandomBytes(300_000, 23));
            await (await TestRepositories.InitAsync(new LocalStorageBackend(fileSystem, repositoryPath))).DisposeAsync();
            await using var left = await TestRepositories.OpenAsync(new LocalStorageBackend(fileSystem, repositoryPath));
            await using var right = await TestRepositories.OpenAsync(new LocalStorageBackend(fileSystem, repositoryPath));
            await left.Blobs.LoadIndexAsync();
            await right.Blobs.LoadIndexAsync();

            var results = await Task.WhenAll(
                new FileBackup(left).RunAsync(new() { Paths = [Source.Combine("one")], Hostname = "h" }),
                new FileBackup(right).RunAsync(new() { Paths = [Source.Combine("two")], Hostname = "h" }));

            await using var reader = await TestRepositories.OpenAsync(new LocalStorageBackend(fileSystem, repositoryPath));
            await reader.Blobs.LoadIndexAsync();
            var one = await SnapshotContents.ReadAsync(reader, results[0].Snapshot.Id);
            var two = await SnapshotContents.ReadAsync(reader, results[1].Snapshot.Id);
            Assert.Multiple(() =>
            {
                Assert.That(one[first].Content, Is.EqualTo(TestRepositories.RandomBytes(700_000, 21)));
                Assert.That(one[Source.Combine("one/shared")].Content, Is.EqualTo(TestRepositories.RandomBytes(300_000, 23)));
                Assert.That(two[second].Content, Is.EqualTo(TestRepositories.RandomBytes(700_000, 22)));
                Assert.That(two[Source.Combine("two/shared")].Content, Is.EqualTo(TestRepositories.RandomBytes(300_000, 23)));
            });
        }
        finally
        {
            if (Directory.Exists(repositoryPath))
            {
                Directory.Delete(repositoryPath, recursive: true);
            }
        }
    }

    [Test]
    public async Task StorageFailure_MidBackup_PropagatesAndWritesNoSnapshot()
    {
        for (var i = 0; i < 3; i++)
        {
            Write($"f{i}", TestRepositories.RandomBytes(1 << 20, 30 + i));
        }

        var options = new FaultInjectionOptions();
        options.FailureRateByOperation[StorageOperation.Put] = 1.0;
        await using var failing = await TestRepositories.OpenAsync(new FaultInjectingStorageBackend(Storage, options));

        Assert.That(
            () => new FileBackup(failing).RunAsync(new() { Paths = [Source.Path], Hostname = "h" }),
            Throws.InstanceOf<StorageUnavailableException>());
        Assert.That(await Repository.Snapshots.ListAsync(), Is.Empty);
    }

    [Test]
    public async Task Progress_IsReportedWithFilesBytesTotalsAndEstimate()
    {
        Write("a", TestRepositories.RandomBytes(10_000, 1));
        Write("d/b", TestRepositories.RandomBytes(20_000, 2));
        Write("d/skipped.log", TestRepositories.RandomBytes(5_000, 3));
        var reports = new List<BackupProgress>();
        var progress = new SynchronousProgress(reports);

        await new FileBackup(Repository).RunAsync(new() { Paths = [Source.Path], Hostname = "h", Excludes = ["*.log"] }, progress);

        var last = reports[^1];
        Assert.Multiple(() =>
        {
            Assert.That(last.FilesDone, Is.EqualTo(2));
            Assert.That(last.BytesDone, Is.EqualTo(30_000));
            Assert.That(last.BytesRead, Is.EqualTo(30_000));
            Assert.That(last.TotalFiles, Is.EqualTo(2), "the scan follows the excludes");
            Assert.That(last.TotalBytes, Is.EqualTo(30_000));
            Assert.That(last.EstimatedRemaining, Is.EqualTo(TimeSpan.Zero));
        });
    }

    [TestCase(10, 25, 100, 30)]
    [TestCase(10, 100, 100, 0)]
    [TestCase(4, 50, 150, 8)]
    public void EstimateRemaining_ScalesTheTimeSoFarByTheBytesLeft(int elapsedSeconds, long done, long total, int expectedSeconds)
    {
        Assert.That(ProgressThrottle.EstimateRemaining(TimeSpan.FromSeconds(elapsedSeconds), done, total), Is.EqualTo(TimeSpan.FromSeconds(expectedSeconds)));
    }

    [TestCase(0, 100)]
    [TestCase(50, -1)]
    public void EstimateRemaining_WithoutProgressOrTotals_IsUnknown(long done, long total)
    {
        Assert.That(ProgressThrottle.EstimateRemaining(TimeSpan.FromSeconds(3), done, total), Is.Null);
    }

    private sealed class SynchronousProgress(List<BackupProgress> reports) : IProgress<BackupProgress>
    {
        public void Report(BackupProgress value)
        {
            lock (reports)
            {
                reports.Add(value);
            }
        }
    }
}
