using Backup.Sdk.Storage.AzureBlob;
using Backup.Sdk.Storage.Tests.Support;

namespace Backup.Sdk.Storage.Tests.AzureBlob;

/// <summary>Options and containers on the test Azurite.</summary>
internal static class AzureTestContainers
{
    /// <summary>Options with small blocks and pages, so that large objects are staged and listings take several pages.</summary>
    public static AzureBlobStorageOptions Options(string container, string prefix = "") => new()
    {
        ContainerName = container,
        Prefix = prefix,
        ConnectionString = TestServices.AzureConnectionString,
        SingleUploadThreshold = 8 << 20,
        BlockSize = 4 << 20,
        ListPageSize = 250,
    };

    /// <summary>Creates a fresh container and returns a backend on it under <paramref name="prefix"/>.</summary>
    public static async Task<AzureBlobStorageBackend> CreateAsync(string prefix = "")
    {
        var backend = new AzureBlobStorageBackend(Options(TestServices.UniqueName("test"), prefix));
        await backend.CreateIfMissingAsync().ConfigureAwait(false);
        return backend;
    }
}
