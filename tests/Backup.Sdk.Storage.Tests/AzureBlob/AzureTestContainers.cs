using Azure.Core.Pipeline;
using Azure.Storage.Blobs;
using Azure.Storage.Sas;
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

    /// <summary>A client of the container with the account key, for looking behind the backend.</summary>
    public static BlobContainerClient OwnerClient(string container) => new(TestServices.AzureConnectionString, container);

    /// <summary>
    /// A backend on <paramref name="container"/> (which must exist) reached through a SAS with only
    /// <paramref name="permissions"/>, and through <paramref name="http"/> when given. A SAS does not sign request headers,
    /// so a handler of <paramref name="http"/> may change them and Azurite still accepts the request.
    /// </summary>
    public static AzureBlobStorageBackend WithSas(string container, BlobContainerSasPermissions permissions, string prefix = "", HttpClient? http = null)
    {
        var sas = OwnerClient(container).GenerateSasUri(permissions, DateTimeOffset.UtcNow.AddHours(1));
        var clientOptions = new BlobClientOptions();
        if (http is not null)
        {
            clientOptions.Transport = new HttpClientTransport(http);
        }

        return new AzureBlobStorageBackend(new BlobContainerClient(sas, clientOptions), Options(container, prefix));
    }
}

/// <summary>
/// Drops <c>If-None-Match</c> from every request on its way to the server, which makes Azurite behave like a store that
/// ignores conditional writes (as s3rver does for S3).
/// </summary>
internal sealed class IfNoneMatchStrippingHandler() : DelegatingHandler(new HttpClientHandler())
{
    private int _stripped;

    /// <summary>How many requests carried the header.</summary>
    public int Stripped => Volatile.Read(ref _stripped);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Headers.Remove("If-None-Match"))
        {
            Interlocked.Increment(ref _stripped);
        }

        return base.SendAsync(request, cancellationToken);
    }
}
