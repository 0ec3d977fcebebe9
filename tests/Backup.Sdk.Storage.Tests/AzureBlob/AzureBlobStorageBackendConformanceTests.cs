using Backup.Sdk.Testing;

namespace Backup.Sdk.Storage.Tests.AzureBlob;

/// <summary>
/// The conformance suite against a real Azurite, each test in a fresh container under a prefix, with listing pages of 250
/// so that the many-objects listing crosses several pages.
/// </summary>
[Category("Integration")]
public class AzureBlobStorageBackendConformanceTests : StorageBackendConformanceTests
{
    protected override async Task<IStorageBackend> CreateBackendAsync() =>
        await AzureTestContainers.CreateAsync("repo/host1").ConfigureAwait(false);
}
