using System.Runtime.Versioning;
using Backup.Sdk.Backups;
using Backup.Sdk.ChangeDetection;
using Backup.Sdk.Repository;
using Backup.Sdk.Storage.InMemory;
using Backup.Sdk.Tests.Sources.FileSystem;
using Backup.Sdk.Tests.Support;

namespace Backup.Sdk.Tests.Backups;

/// <summary>A fresh temp directory and in-memory repository per test.</summary>
[SupportedOSPlatform("linux")]
public abstract class FileBackupFixture
{
    internal TemporaryDirectory Source { get; private set; } = null!;

    internal BackupRepository Repository { get; private set; } = null!;

    internal InMemoryStorageBackend Storage { get; private set; } = null!;

    [SetUp]
    public async Task SetUpAsync()
    {
        Source = new TemporaryDirectory();
        Storage = new InMemoryStorageBackend();
        Repository = await TestRepositories.InitAsync(Storage);
    }

    [TearDown]
    public async Task TearDownAsync()
    {
        await Repository.DisposeAsync();
        Source.Dispose();
    }

    internal string Write(string relative, byte[] content)
    {
        var path = Source.Combine(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
        return path;
    }

    internal Task<FileBackupResult> BackupAsync(FileBackupOptions? options = null, IBackupSourceAccess? access = null, IChangeDetector? detector = null, CancellationToken cancellationToken = default)
    {
        options ??= new FileBackupOptions { Paths = [Source.Path], Hostname = "test-host" };
        var backup = new FileBackup(Repository, detector) { SourceAccess = access ?? LinuxBackupSourceAccess.Instance };
        return backup.RunAsync(options, cancellationToken: cancellationToken);
    }

    internal Task<Dictionary<string, StoredEntry>> ReadBackAsync(FileBackupResult result) => SnapshotContents.ReadAsync(Repository, result.Snapshot.Id);
}
