using System.Collections.Concurrent;
using System.Runtime.Versioning;
using Backup.Sdk.Backups;
using Backup.Sdk.ChangeDetection;
using Backup.Sdk.DependencyInjection;
using Backup.Sdk.Storage.InMemory;
using Backup.Sdk.Tests.Sources.FileSystem;
using Backup.Sdk.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Backup.Sdk.Tests.ChangeDetection;

/// <summary>A host's own detector, registered with <c>AddChangeDetector&lt;T&gt;()</c> and used through <see cref="IFileBackupFactory"/>.</summary>
[Platform("Linux")]
[SupportedOSPlatform("linux")]
public class HostChangeDetectorTests
{
    private TemporaryDirectory _source = null!;
    private InMemoryStorageBackend _storage = null!;

    [SetUp]
    public async Task SetUpAsync()
    {
        _source = new TemporaryDirectory();
        _storage = new InMemoryStorageBackend();
        await (await TestRepositories.InitAsync(_storage)).DisposeAsync();
    }

    [TearDown]
    public void TearDown() => _source.Dispose();

    private ServiceProvider BuildProvider(Action<IBackupSdkBuilder>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<ChangeJournal>();
        var builder = services.AddBackupSdk(o => o.Password = TestRepositories.Password).UseStorage(_ => _storage);
        configure?.Invoke(builder);
        return services.BuildServiceProvider();
    }

    private async Task<FileBackupResult> BackupAsync(ServiceProvider provider)
    {
        var repository = await provider.GetRequiredService<IBackupRepositoryProvider>().OpenAsync();
        var backup = provider.GetRequiredService<IFileBackupFactory>().Create(repository);
        return await backup.RunAsync(new FileBackupOptions { Paths = [_source.Path], Hostname = "host" });
    }

    [Test]
    public async Task AddChangeDetector_TheHostsJournalDecidesWhatIsRead()
    {
        var a = _source.Combine("a");
        var b = _source.Combine("b");
        File.WriteAllBytes(a, TestRepositories.RandomBytes(1_000, 1));
        File.WriteAllBytes(b, TestRepositories.RandomBytes(2_000, 2));
        await using var provider = BuildProvider(builder => builder.AddChangeDetector<JournalChangeDetector>());
        await BackupAsync(provider);

        // Both change on disk (other sizes), but the journal only recorded b: the metadata detector would read both.
        File.WriteAllBytes(a, TestRepositories.RandomBytes(1_500, 3));
        File.WriteAllBytes(b, TestRepositories.RandomBytes(2_500, 4));
        provider.GetRequiredService<ChangeJournal>().Record(b);
        var result = await BackupAsync(provider);

        Assert.Multiple(() =>
        {
            Assert.That(provider.GetRequiredService<IChangeDetector>(), Is.InstanceOf<JournalChangeDetector>());
            Assert.That(result.BytesRead, Is.EqualTo(2_500), "only the file in the journal");
            Assert.That(result.FilesChanged, Is.EqualTo(1));
            Assert.That(result.FilesUnmodified, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task AddBackupSdk_WithoutADetector_UsesTheMetadataDetector()
    {
        File.WriteAllBytes(_source.Combine("a"), TestRepositories.RandomBytes(1_000, 1));
        await using var provider = BuildProvider();
        await BackupAsync(provider);

        var result = await BackupAsync(provider);

        Assert.Multiple(() =>
        {
            Assert.That(provider.GetRequiredService<IChangeDetector>(), Is.SameAs(MetadataChangeDetector.Instance));
            Assert.That(result.BytesRead, Is.Zero);
            Assert.That(result.FilesUnmodified, Is.EqualTo(1));
        });
    }

    [Test]
    public void AddChangeDetector_ReplacesTheDefaultRegistration()
    {
        var services = new ServiceCollection();
        services.AddSingleton<ChangeJournal>();
        services.AddBackupSdk(o => o.Password = TestRepositories.Password).UseStorage(_ => _storage).AddChangeDetector<JournalChangeDetector>();
        using var provider = services.BuildServiceProvider();

        Assert.That(provider.GetServices<IChangeDetector>().Count(), Is.EqualTo(1), "the default was replaced, not added beside");
    }

    /// <summary>What an application knows changed (e.g. from its own change journal), by path.</summary>
    private sealed class ChangeJournal
    {
        private readonly ConcurrentDictionary<string, bool> _changed = new(StringComparer.Ordinal);

        public void Record(string path) => _changed[path] = true;

        public bool HasChanged(string path) => _changed.ContainsKey(path);
    }

    /// <summary>Reads a file only when the journal recorded it (or when the parent has no node for it).</summary>
    private sealed class JournalChangeDetector(ChangeJournal journal) : IChangeDetector
    {
        public ValueTask<FileChangeDecision> DetectAsync(FileChangeContext context, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(context.Previous is null || journal.HasChanged(context.Path) ? FileChangeDecision.Read : FileChangeDecision.Reuse);
    }
}
