using Backup.Sdk.Storage.S3;
using Backup.Sdk.Testing;

namespace Backup.Sdk.Storage.Tests.S3;

/// <summary>The conformance suite against a real s3rver, each test in a fresh bucket under a prefix.</summary>
[Category("Integration")]
public class S3StorageBackendConformanceTests : StorageBackendConformanceTests
{
    private bool _createOnlyIsAtomic;

    protected override bool CreateOnlyIsAtomic => _createOnlyIsAtomic;

    protected override async Task<IStorageBackend> CreateBackendAsync()
    {
        var backend = await S3TestBuckets.CreateAsync("repo/host1").ConfigureAwait(false);
        _createOnlyIsAtomic = await backend.DetectConditionalWritesAsync().ConfigureAwait(false);
        return backend;
    }
}
