using System.Runtime.Versioning;
using Backup.Sdk.Repository;
using Backup.Sdk.Restore;
using Backup.Sdk.Sources.FileSystem;
using Backup.Sdk.Storage.InMemory;
using Backup.Sdk.Tests.Sources.FileSystem;
using Backup.Sdk.Tests.Support;

namespace Backup.Sdk.Tests.Restore;

/// <summary>A fresh in-memory repository, a temp directory with a <c>target</c> and a sibling <c>canary</c> that must stay empty.</summary>
[SupportedOSPlatform("linux")]
public abstract class RestoreTestBase
{
    private TemporaryDirectory _temp = null!;

    internal BackupRepository Repository { get; private set; } = null!;

    internal SnapshotBuilder Builder { get; private set; } = null!;

    internal static LinuxFileSystemMetadata FileSystem { get; } = new();

    protected string Root => _temp.Path;

    protected string Target => Path.Combine(_temp.Path, "target");

    protected string Canary => Path.Combine(_temp.Path, "canary");

    [SetUp]
    public async Task SetUpRepositoryAsync()
    {
        _temp = new TemporaryDirectory();
        Directory.CreateDirectory(Canary);
        Repository = await TestRepositories.InitAsync(new InMemoryStorageBackend());
        Builder = new SnapshotBuilder(Repository);
    }

    [TearDown]
    public async Task TearDownRepositoryAsync()
    {
        await Repository.DisposeAsync();
        _temp.Dispose();
    }

    protected RestoreOptions Options(Action<RestoreOptions>? configure = null)
    {
        var options = new RestoreOptions { Target = Target };
        configure?.Invoke(options);
        return options;
    }

    internal async Task<RestoreResult> RestoreAsync(Backup.Sdk.Repository.Snapshots.Snapshot snapshot, Action<RestoreOptions>? configure = null) =>
        await new SnapshotRestorer(Repository).RestoreAsync(snapshot, Options(configure));

    protected string InTarget(string relative) => Path.Combine(Target, relative);

    /// <summary>Everything in the canary directory: must be empty after any restore.</summary>
    protected string[] CanaryContents() => Directory.GetFileSystemEntries(Canary, "*", SearchOption.AllDirectories);
}
