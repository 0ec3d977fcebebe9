using System.IO.Abstractions;
using Backup.Sdk.DependencyInjection;
using Backup.Sdk.Repository;
using Backup.Sdk.Storage;
using Backup.Sdk.Storage.InMemory;
using Backup.Sdk.Storage.Local;
using Backup.Sdk.Storage.Resilience;
using Backup.Sdk.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Backup.Sdk.Tests.DependencyInjection;

public class AddBackupSdkTests
{
    private string _directory = null!;

    [SetUp]
    public void SetUp()
    {
        _directory = Path.Combine(Path.GetTempPath(), "backup-sdk-di-" + Guid.NewGuid().ToString("N"));
    }

    [TearDown]
    public void TearDown()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Test]
    public async Task Defaults_OpenARepositoryInTheConfiguredDirectory()
    {
        await (await TestRepositories.InitAsync(new LocalStorageBackend(new FileSystem(), _directory))).DisposeAsync();
        var services = new ServiceCollection();
        services.AddBackupSdk(o =>
        {
            o.RepositoryPath = _directory;
            o.Password = TestRepositories.Password;
        });

        await using var provider = services.BuildServiceProvider();
        var repositories = provider.GetRequiredService<IBackupRepositoryProvider>();
        var first = await repositories.OpenAsync();
        var second = await repositories.OpenAsync();

        Assert.Multiple(() =>
        {
            Assert.That(provider.GetRequiredService<IStorageBackend>(), Is.InstanceOf<LocalStorageBackend>());
            Assert.That(first.Storage.Location, Is.EqualTo(_directory));
            Assert.That(second, Is.SameAs(first), "the opened repository is cached");
            Assert.That(provider.GetRequiredService<TimeProvider>(), Is.SameAs(TimeProvider.System));
            Assert.That(provider.GetRequiredService<IFileSystem>(), Is.InstanceOf<FileSystem>());
        });
    }

    [Test]
    public async Task UseStorage_ReplacesTheBackend_AndPasswordSourceIsAsked()
    {
        var storage = new InMemoryStorageBackend();
        await (await TestRepositories.InitAsync(storage)).DisposeAsync();
        var asked = 0;
        var services = new ServiceCollection();
        services.AddBackupSdk(o => o.PasswordSource = _ =>
        {
            asked++;
            return ValueTask.FromResult(TestRepositories.Password);
        }).UseStorage(_ => storage);

        await using var provider = services.BuildServiceProvider();
        var repository = await provider.GetRequiredService<IBackupRepositoryProvider>().OpenAsync();
        await provider.GetRequiredService<IBackupRepositoryProvider>().OpenAsync();

        Assert.Multiple(() =>
        {
            Assert.That(Unwrap(repository.Storage), Is.SameAs(storage));
            Assert.That(asked, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task HostRegisteredBackend_WinsOverTheDefault_WithoutRepositoryPath()
    {
        var storage = new InMemoryStorageBackend();
        await (await TestRepositories.InitAsync(storage)).DisposeAsync();
        var services = new ServiceCollection();
        services.AddSingleton<IStorageBackend>(storage);
        services.AddBackupSdk(o => o.Password = TestRepositories.Password);

        await using var provider = services.BuildServiceProvider();
        var repository = await provider.GetRequiredService<IBackupRepositoryProvider>().OpenAsync();

        Assert.That(Unwrap(repository.Storage), Is.SameAs(storage));
    }

    [Test]
    public async Task Storage_IsWrappedWithRetriesAndTheConfiguredLimits_Once()
    {
        var storage = new InMemoryStorageBackend();
        await (await TestRepositories.InitAsync(storage)).DisposeAsync();
        var services = new ServiceCollection();
        services.AddBackupSdk(o =>
        {
            o.Password = TestRepositories.Password;
            o.StorageResilience.UploadBytesPerSecond = 1 << 20;
        }).UseStorage(_ => storage);

        await using var provider = services.BuildServiceProvider();
        var repository = await provider.GetRequiredService<IBackupRepositoryProvider>().OpenAsync();

        var retrying = (RetryingStorageBackend)repository.Storage;
        var concurrency = (ConcurrencyLimitingStorageBackend)retrying.Inner;
        var bandwidth = (BandwidthLimitingStorageBackend)concurrency.Inner;
        Assert.That(bandwidth.Inner, Is.SameAs(storage));
    }

    [Test]
    public void InvalidStorageResilienceOptions_FailValidation()
    {
        var services = new ServiceCollection();
        services.AddBackupSdk(o =>
        {
            o.Password = "p";
            o.StorageResilience.MaxAttempts = 0;
        }).UseStorage(_ => new InMemoryStorageBackend());

        using var provider = services.BuildServiceProvider();

        var thrown = Assert.Throws<OptionsValidationException>(() => _ = provider.GetRequiredService<IOptions<BackupSdkOptions>>().Value);
        Assert.That(thrown!.Message, Does.Contain("MaxAttempts"));
    }

    /// <summary>The backend under the resilience decorators the provider adds.</summary>
    private static IStorageBackend Unwrap(IStorageBackend storage)
    {
        while (true)
        {
            switch (storage)
            {
                case RetryingStorageBackend retrying:
                    storage = retrying.Inner;
                    break;
                case ConcurrencyLimitingStorageBackend limited:
                    storage = limited.Inner;
                    break;
                case BandwidthLimitingStorageBackend paced:
                    storage = paced.Inner;
                    break;
                default:
                    return storage;
            }
        }
    }

    [Test]
    public void AddStorage_RegistersTheBackendType()
    {
        var services = new ServiceCollection();
        services.AddBackupSdk(o => o.Password = "p").AddStorage<InMemoryStorageBackend>();

        using var provider = services.BuildServiceProvider();

        Assert.Multiple(() =>
        {
            Assert.That(provider.GetRequiredService<IStorageBackend>(), Is.InstanceOf<InMemoryStorageBackend>());
            Assert.That(() => provider.GetRequiredService<IOptions<BackupSdkOptions>>().Value, Throws.Nothing, "no repository path is needed");
        });
    }

    private static IEnumerable<TestCaseData> InvalidOptions()
    {
        yield return new TestCaseData(new Action<BackupSdkOptions>(o => o.Password = "p"), "RepositoryPath").SetName("NoRepositoryPath_WithDefaultStorage");
        yield return new TestCaseData(new Action<BackupSdkOptions>(o => o.RepositoryPath = "/r"), "Password").SetName("NoPassword");
        yield return new TestCaseData(
            new Action<BackupSdkOptions>(o =>
            {
                o.RepositoryPath = "/r";
                o.Password = "p";
                o.PasswordSource = _ => ValueTask.FromResult("q");
            }),
            "PasswordSource").SetName("PasswordAndPasswordSource");
        yield return new TestCaseData(
            new Action<BackupSdkOptions>(o =>
            {
                o.RepositoryPath = "/r";
                o.Password = "p";
                o.Repository.MaxConcurrentReads = 0;
            }),
            "MaxConcurrentReads").SetName("InvalidRepositoryOptions");
    }

    [TestCaseSource(nameof(InvalidOptions))]
    public void InvalidOptions_FailWhenReadWithAClearMessage(Action<BackupSdkOptions> configure, string named)
    {
        var services = new ServiceCollection();
        services.AddBackupSdk(configure);
        using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => _ = provider.GetRequiredService<IOptions<BackupSdkOptions>>().Value);

        Assert.That(ex!.Message, Does.Contain(named));
    }

    [Test]
    public void InvalidOptions_FailAtStart()
    {
        var services = new ServiceCollection();
        services.AddBackupSdk(o => o.RepositoryPath = "/r");
        using var provider = services.BuildServiceProvider();

        // What a host runs at start because of ValidateOnStart.
        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.That(ex!.Message, Does.Contain("Password"));
    }

    [Test]
    public async Task DisposingTheContainer_DisposesTheRepository()
    {
        var storage = new InMemoryStorageBackend();
        await (await TestRepositories.InitAsync(storage)).DisposeAsync();
        var services = new ServiceCollection();
        services.AddBackupSdk(o => o.Password = TestRepositories.Password).UseStorage(_ => storage);
        var provider = services.BuildServiceProvider();
        var repositories = provider.GetRequiredService<IBackupRepositoryProvider>();
        await repositories.OpenAsync();

        await provider.DisposeAsync();

        Assert.That(() => repositories.OpenAsync(), Throws.InstanceOf<ObjectDisposedException>());
    }

    [Test]
    public async Task WrongPassword_IsNotCached()
    {
        var storage = new InMemoryStorageBackend();
        await (await TestRepositories.InitAsync(storage)).DisposeAsync();
        var password = "wrong";
        var services = new ServiceCollection();
        services.AddBackupSdk(o => o.PasswordSource = _ => ValueTask.FromResult(password)).UseStorage(_ => storage);
        await using var provider = services.BuildServiceProvider();
        var repositories = provider.GetRequiredService<IBackupRepositoryProvider>();

        Assert.That(() => repositories.OpenAsync(), Throws.InstanceOf<WrongPasswordException>());
        password = TestRepositories.Password;
        Assert.That(await repositories.OpenAsync(), Is.Not.Null);
    }
}
