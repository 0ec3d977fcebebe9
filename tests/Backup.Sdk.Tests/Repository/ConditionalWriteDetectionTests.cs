using System.IO.Abstractions;
using Backup.Sdk.Repository;
using Backup.Sdk.Storage;
using Backup.Sdk.Storage.Caching;
using Backup.Sdk.Storage.InMemory;
using Backup.Sdk.Storage.Local;
using Backup.Sdk.Storage.ReadAhead;
using Backup.Sdk.Storage.Resilience;
using Backup.Sdk.Testing;
using Backup.Sdk.Tests.Support;

namespace Backup.Sdk.Tests.Repository;

/// <summary>
/// Opening and creating a repository run the storage's conditional-write probe, when it has one, and report the outcome
/// as <see cref="BackupRepository.ConditionalWrites"/>; only a backend that requires conditional writes stops them.
/// </summary>
public class ConditionalWriteDetectionTests
{
    private static readonly object[] ProbeOutcomes =
    [
        new TestCaseData((Func<CancellationToken, Task<bool>>)(_ => Task.FromResult(true)), ConditionalWriteSupport.Honoured).SetArgDisplayNames("refused", "Honoured"),
        new TestCaseData((Func<CancellationToken, Task<bool>>)(_ => throw new StorageUnavailableException("Cannot probe: access denied (AccessDenied).", isTransient: false)), ConditionalWriteSupport.Unknown).SetArgDisplayNames("access denied", "Unknown"),
        new TestCaseData((Func<CancellationToken, Task<bool>>)(_ => throw new StorageUnavailableException("Cannot probe: timed out.", isTransient: true)), ConditionalWriteSupport.Unknown).SetArgDisplayNames("transient failure", "Unknown"),
    ];

    [TestCaseSource(nameof(ProbeOutcomes))]
    public async Task Open_ReportsWhatTheProbeFound(Func<CancellationToken, Task<bool>> outcome, ConditionalWriteSupport expected)
    {
        var storage = new ProbedStorageBackend(honoured: true);
        await (await TestRepositories.InitAsync(storage)).DisposeAsync();
        var probed = new ProbedStorageBackend(outcome);
        await CopyAsync(storage, probed);

        await using var repository = await TestRepositories.OpenAsync(probed);

        Assert.Multiple(() =>
        {
            Assert.That(repository.ConditionalWrites, Is.EqualTo(expected));
            Assert.That(probed.Probes, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Open_OnStoreIgnoringConditionalWrites_ReportsIgnored()
    {
        var storage = new ProbedStorageBackend(honoured: false);
        await (await TestRepositories.InitAsync(storage)).DisposeAsync();

        await using var repository = await TestRepositories.OpenAsync(storage);

        Assert.That(repository.ConditionalWrites, Is.EqualTo(ConditionalWriteSupport.Ignored));
    }

    [Test]
    public async Task Open_WhenProbeDeniedAccess_StillOpensAndReadsTheRepository()
    {
        var storage = new ProbedStorageBackend(honoured: true);
        RepositoryConfig created;
        await using (var repository = await TestRepositories.InitAsync(storage))
        {
            created = repository.Config;
        }

        var readOnly = new ProbedStorageBackend(_ => throw new StorageUnavailableException("Cannot probe conditional writes in 'mem': access denied (AccessDenied).", isTransient: false));
        await CopyAsync(storage, readOnly);

        await using var opened = await TestRepositories.OpenAsync(readOnly);

        Assert.Multiple(() =>
        {
            Assert.That(opened.ConditionalWrites, Is.EqualTo(ConditionalWriteSupport.Unknown));
            Assert.That(opened.Config.RepositoryId, Is.EqualTo(created.RepositoryId));
        });
    }

    [Test]
    public async Task Open_WhenBackendRequiresConditionalWritesTheStoreIgnores_Throws()
    {
        var storage = new ProbedStorageBackend(honoured: true);
        await (await TestRepositories.InitAsync(storage)).DisposeAsync();
        var requiring = new ProbedStorageBackend(_ => throw new ConditionalWritesIgnoredException("mem:"));
        await CopyAsync(storage, requiring);

        Assert.That(() => TestRepositories.OpenAsync(requiring), Throws.TypeOf<ConditionalWritesIgnoredException>().With.Property(nameof(BackupException.IsTransient)).False);
    }

    [Test]
    public async Task Open_WhenCancelledDuringTheProbe_ThrowsOperationCanceled()
    {
        var storage = new ProbedStorageBackend(honoured: true);
        await (await TestRepositories.InitAsync(storage)).DisposeAsync();
        using var cancellation = new CancellationTokenSource();
        var cancelled = new ProbedStorageBackend(async token =>
        {
            await cancellation.CancelAsync();
            token.ThrowIfCancellationRequested();
            return true;
        });
        await CopyAsync(storage, cancelled);

        Assert.That(
            () => BackupRepository.OpenAsync(cancelled, TestRepositories.Password, cancellationToken: cancellation.Token),
            Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public async Task Open_WithDetectionTurnedOff_DoesNotProbeAndReportsUnknown()
    {
        var storage = new ProbedStorageBackend(honoured: false);
        await (await TestRepositories.InitAsync(storage)).DisposeAsync();
        var probesAfterInit = storage.Probes;

        await using var repository = await BackupRepository.OpenAsync(storage, TestRepositories.Password, new RepositoryOptions { DetectConditionalWrites = false });

        Assert.Multiple(() =>
        {
            Assert.That(repository.ConditionalWrites, Is.EqualTo(ConditionalWriteSupport.Unknown));
            Assert.That(storage.Probes, Is.EqualTo(probesAfterInit));
        });
    }

    [Test]
    public async Task Open_ThroughEveryStorageDecorator_FindsTheProbe()
    {
        var probed = new ProbedStorageBackend(honoured: false);
        await (await TestRepositories.InitAsync(probed)).DisposeAsync();
        var cacheDirectory = Path.Combine(Path.GetTempPath(), "backup-probe-cache-" + Guid.NewGuid().ToString("N"));
        IStorageBackend chain = new CountingStorageBackend(probed);
        chain = new FaultInjectingStorageBackend(chain, new FaultInjectionOptions { Seed = 1 });
        chain = new CachingStorageBackend(chain, new FileSystem(), cacheDirectory);
        chain = new PackWindowStorageBackend(chain);
        chain = StorageResilience.Apply(chain, new StorageResilienceOptions { UploadBytesPerSecond = 1 << 30, MaxConcurrentUploads = 4 });
        try
        {
            await using var repository = await TestRepositories.OpenAsync(chain);

            Assert.Multiple(() =>
            {
                Assert.That(repository.ConditionalWrites, Is.EqualTo(ConditionalWriteSupport.Ignored));
                Assert.That(probed.Probes, Is.EqualTo(2), "once at init, once at open");
            });
        }
        finally
        {
            if (Directory.Exists(cacheDirectory))
            {
                Directory.Delete(cacheDirectory, recursive: true);
            }
        }
    }

    [Test]
    public async Task Init_ProbesBeforeWritingAnything()
    {
        var storage = new ProbedStorageBackend(honoured: false);

        await using var repository = await TestRepositories.InitAsync(storage);

        Assert.Multiple(() =>
        {
            Assert.That(repository.ConditionalWrites, Is.EqualTo(ConditionalWriteSupport.Ignored));
            Assert.That(storage.Probes, Is.EqualTo(1));
            Assert.That(storage.ObjectsAtLastProbe, Is.Zero);
        });
    }

    [Test]
    public async Task Init_WhenBackendRequiresConditionalWritesTheStoreIgnores_ThrowsAndWritesNothing()
    {
        var storage = new ProbedStorageBackend(_ => throw new ConditionalWritesIgnoredException("mem:"));

        Assert.That(() => TestRepositories.InitAsync(storage), Throws.TypeOf<ConditionalWritesIgnoredException>());
        Assert.That(await TestRepositories.FingerprintAsync(storage), Is.Empty);
    }

    [Test]
    public async Task InitAndOpen_OnInMemoryStorage_ReportGuaranteed()
    {
        var storage = new InMemoryStorageBackend();

        ConditionalWriteSupport created;
        await using (var repository = await TestRepositories.InitAsync(storage))
        {
            created = repository.ConditionalWrites;
        }

        await using var opened = await TestRepositories.OpenAsync(storage);

        Assert.Multiple(() =>
        {
            Assert.That(created, Is.EqualTo(ConditionalWriteSupport.Guaranteed));
            Assert.That(opened.ConditionalWrites, Is.EqualTo(ConditionalWriteSupport.Guaranteed));
        });
    }

    [Test]
    public async Task Open_OnLocalStorage_ReportsGuaranteedAndWritesNoProbe()
    {
        var directory = Path.Combine(Path.GetTempPath(), "backup-probe-local-" + Guid.NewGuid().ToString("N"));
        try
        {
            var storage = new LocalStorageBackend(new FileSystem(), directory);
            await (await TestRepositories.InitAsync(storage)).DisposeAsync();

            await using var repository = await TestRepositories.OpenAsync(storage);

            Assert.Multiple(() =>
            {
                Assert.That(repository.ConditionalWrites, Is.EqualTo(ConditionalWriteSupport.Guaranteed));
                Assert.That(Directory.GetFileSystemEntries(directory, ".backend*", SearchOption.AllDirectories), Is.Empty);
            });
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task CopyAsync(IStorageBackend from, IStorageBackend to)
    {
        await foreach (var info in from.ListAsync(string.Empty))
        {
            await to.PutAsync(info.Name, await from.GetAsync(info.Name));
        }
    }
}
