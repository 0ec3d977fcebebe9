using System.IO.Abstractions;
using System.IO.Abstractions.TestingHelpers;
using Backup.Sdk.Storage;
using Backup.Sdk.Storage.Local;
using Backup.Sdk.Testing;

namespace Backup.Sdk.Tests.Storage;

public class LocalStorageBackendConformanceTests : StorageBackendConformanceTests
{
    private string? _root;

    protected override Task<IStorageBackend> CreateBackendAsync()
    {
        _root = Path.Combine(Path.GetTempPath(), "backup-sdk-tests", Guid.NewGuid().ToString("N"));
        return Task.FromResult<IStorageBackend>(new LocalStorageBackend(new FileSystem(), _root));
    }

    [TearDown]
    public void DeleteRoot()
    {
        if (_root is not null && Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}

/// <summary>
/// The same suite on a mock file system: exercises the paths taken on file systems that are not the real one (the
/// create-only move under an in-process lock) and keeps the backend honest about going through <see cref="IFileSystem"/>.
/// </summary>
public class LocalStorageBackendOnMockFileSystemConformanceTests : StorageBackendConformanceTests
{
    protected override Task<IStorageBackend> CreateBackendAsync() =>
        Task.FromResult<IStorageBackend>(new LocalStorageBackend(new MockFileSystem(), MockUnixSupport.Path("/srv/repo")));
}
