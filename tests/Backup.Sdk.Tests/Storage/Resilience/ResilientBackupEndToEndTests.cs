using System.IO.Abstractions;
using System.Runtime.Versioning;
using Backup.Sdk.Backups;
using Backup.Sdk.Repository;
using Backup.Sdk.Restore;
using Backup.Sdk.Storage;
using Backup.Sdk.Storage.Local;
using Backup.Sdk.Storage.Resilience;
using Backup.Sdk.Testing;
using Backup.Sdk.Tests.Sources.FileSystem;
using Backup.Sdk.Tests.Support;
using Backup.Sdk.Validation;

namespace Backup.Sdk.Tests.Storage.Resilience;

/// <summary>Backups, restores and checks over a real local repository behind the fault injector and the retry decorator.</summary>
[Platform("Linux")]
[SupportedOSPlatform("linux")]
public class ResilientBackupEndToEndTests
{
    private static readonly RepositoryOptions IndexEveryPack = new() { PacksPerIndexFile = 1 };

    private TemporaryDirectory _temp = null!;
    private LocalStorageBackend _local = null!;
    private string _source = null!;

    [SetUp]
    public void SetUp()
    {
        _temp = new TemporaryDirectory();
        _source = _temp.Combine("source");
        _local = new LocalStorageBackend(new FileSystem(), _temp.Combine("repo"));
        for (var i = 0; i < 4; i++)
        {
            WriteSource($"dir{i % 2}/file{i}", TestRepositories.RandomBytes(700_000, 100 + i));
        }

        WriteSource("small.txt", "hello"u8.ToArray());
    }

    [TearDown]
    public void TearDown() => _temp.Dispose();

    [Test]
    public async Task BackupRestoreAndCheck_WithTenPercentTransientFailuresAndLostAcknowledgements_SucceedByteForByte()
    {
        await (await TestRepositories.InitAsync(_local)).DisposeAsync();
        var faulty = new FaultInjectingStorageBackend(_local, new FaultInjectionOptions { FailureRate = 0.1, UnacknowledgedWriteRate = 0.05, Seed = 3 });
        var storage = StorageResilience.Apply(faulty, RetryingStorageBackendTests.NoDelay());

        await using var repository = await BackupRepository.OpenAsync(storage, TestRepositories.Password, IndexEveryPack);
        await repository.Blobs.LoadIndexAsync();
        var backup = await new FileBackup(repository).RunAsync(new FileBackupOptions { Paths = [_source], Hostname = "h" });
        var target = _temp.Combine("target");
        await new SnapshotRestorer(repository).RestoreAsync(backup.Snapshot, new RestoreOptions { Target = target });
        var check = await new RepositoryChecker(repository).CheckAsync(new CheckOptions { ReadData = true });

        Assert.Multiple(() =>
        {
            Assert.That(faulty.InjectedFailures + faulty.UnacknowledgedWrites, Is.GreaterThan(10), "faults were injected");
            Assert.That(backup.Errors, Is.Empty);
            AssertRestored(target);
            Assert.That(check.IsHealthy, Is.True, string.Join("; ", check.Problems.Select(p => $"{p.Kind} {p.ObjectName}")));
        });
    }

    [Test]
    public async Task Backup_WithLostAndTornWrites_StoresEveryObjectWhole()
    {
        await (await TestRepositories.InitAsync(_local)).DisposeAsync();
        var faulty = new FaultInjectingStorageBackend(_local, new FaultInjectionOptions
        {
            LostWriteRate = 0.15,
            TornWriteRate = 0.15,
            TornWritesStorePartialObject = true,
            Seed = 5,
        });
        var storage = StorageResilience.Apply(faulty, RetryingStorageBackendTests.NoDelay());
        await using (var repository = await BackupRepository.OpenAsync(storage, TestRepositories.Password, IndexEveryPack))
        {
            await repository.Blobs.LoadIndexAsync();
            await new FileBackup(repository).RunAsync(new FileBackupOptions { Paths = [_source], Hostname = "h" });
        }

        // Checked straight on the disk, without the injector or the decorator.
        await using var direct = await TestRepositories.OpenAsync(_local);
        var check = await new RepositoryChecker(direct).CheckAsync(new CheckOptions { ReadData = true });
        Assert.Multiple(() =>
        {
            Assert.That(faulty.LostWrites, Is.GreaterThan(0));
            Assert.That(faulty.TornWrites, Is.GreaterThan(0));
            Assert.That(check.IsHealthy, Is.True, string.Join("; ", check.Problems.Select(p => $"{p.Kind} {p.ObjectName}")));
        });
    }

    [Test]
    public async Task Backup_WithLostWritesAndNoPutVerification_LeavesARepositoryThatCheckRejects()
    {
        // The contrast to the test above: without the stat after each put, a lost pack goes unnoticed until check.
        await (await TestRepositories.InitAsync(_local)).DisposeAsync();
        var faulty = new FaultInjectingStorageBackend(_local, new FaultInjectionOptions { LostWriteRate = 0.3, Seed = 5 });
        var options = RetryingStorageBackendTests.NoDelay();
        options.VerifyPuts = false;
        await using (var repository = await BackupRepository.OpenAsync(StorageResilience.Apply(faulty, options), TestRepositories.Password, IndexEveryPack))
        {
            await repository.Blobs.LoadIndexAsync();
            await new FileBackup(repository).RunAsync(new FileBackupOptions { Paths = [_source], Hostname = "h" });
        }

        await using var direct = await TestRepositories.OpenAsync(_local);
        var check = await new RepositoryChecker(direct).CheckAsync(new CheckOptions { ReadData = true });
        Assert.That(check.IsHealthy, Is.False);
    }

    [Test]
    public async Task Backup_WhenTheBackendDiesMidway_FailsClearly_LeavesTheRepositoryConsistent_AndTheNextBackupReusesPacks()
    {
        await (await TestRepositories.InitAsync(_local)).DisposeAsync();
        var dying = new FaultInjectingStorageBackend(_local, new FaultInjectionOptions { FailAfterCalls = 40 });
        await using (var repository = await BackupRepository.OpenAsync(StorageResilience.Apply(dying, RetryingStorageBackendTests.NoDelay(maxAttempts: 3)), TestRepositories.Password, IndexEveryPack))
        {
            await repository.Blobs.LoadIndexAsync();
            var thrown = Assert.ThrowsAsync<StorageUnavailableException>(
                () => new FileBackup(repository, detector: null).RunAsync(new FileBackupOptions { Paths = [_source], Hostname = "h", MaxConcurrency = 1 }));
            Assert.That(thrown!.Message, Does.Contain("failed after 3 attempt(s)").And.Contain("the backend is down"));
        }

        await using var healthy = await BackupRepository.OpenAsync(StorageResilience.Apply(_local, new StorageResilienceOptions()), TestRepositories.Password, IndexEveryPack);
        await healthy.Blobs.LoadIndexAsync();
        var afterFailure = await new RepositoryChecker(healthy).CheckAsync(new CheckOptions { ReadData = true });
        var indexedBefore = healthy.Blobs.Count;
        var second = await new FileBackup(healthy).RunAsync(new FileBackupOptions { Paths = [_source], Hostname = "h" });
        var target = _temp.Combine("target");
        await new SnapshotRestorer(healthy).RestoreAsync(second.Snapshot, new RestoreOptions { Target = target });

        Assert.Multiple(() =>
        {
            Assert.That(afterFailure.IsHealthy, Is.True, string.Join("; ", afterFailure.Problems.Select(p => $"{p.Kind} {p.ObjectName}")));
            Assert.That(indexedBefore, Is.GreaterThan(0), "the dead run's uploaded packs were indexed");
            Assert.That(second.DataAdded, Is.LessThan(4 * 700_000 * 3 / 4), "the second backup reused what the first uploaded");
            AssertRestored(target);
        });
    }

    private void WriteSource(string relative, byte[] content)
    {
        var path = Path.Combine(_source, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
    }

    private void AssertRestored(string target)
    {
        foreach (var original in Directory.EnumerateFiles(_source, "*", SearchOption.AllDirectories))
        {
            var restored = Path.Combine(target, Path.GetRelativePath("/", original));
            Assert.That(File.Exists(restored), Is.True, restored);
            Assert.That(File.ReadAllBytes(restored), Is.EqualTo(File.ReadAllBytes(original)), restored);
        }
    }
}
