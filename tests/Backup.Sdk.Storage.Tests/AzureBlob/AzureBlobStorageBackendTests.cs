using Azure.Storage.Blobs;
using Backup.Sdk.Storage.AzureBlob;
using Backup.Sdk.Storage.Tests.Support;

namespace Backup.Sdk.Storage.Tests.AzureBlob;

/// <summary>What the Azure backend adds to the contract, on a real Azurite: error mapping and the access tier.</summary>
[Category("Integration")]
public class AzureBlobStorageBackendTests
{
    [Test]
    public void Operations_MissingContainer_FailAtOnceAndNotTransient()
    {
        var backend = new AzureBlobStorageBackend(AzureTestContainers.Options(TestServices.UniqueName("missing")));

        var stat = Assert.ThrowsAsync<StorageUnavailableException>(() => backend.StatAsync("config"));
        var get = Assert.ThrowsAsync<StorageUnavailableException>(() => backend.GetAsync("config"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(stat?.Message, Does.Contain("container does not exist"));
            Assert.That(stat?.IsTransient, Is.False);
            Assert.That(get?.IsTransient, Is.False);
        }
    }

    [Test]
    public void Operations_WrongAccountKey_AccessDeniedNotTransient()
    {
        var options = AzureTestContainers.Options(TestServices.UniqueName("denied"));
        options.ConnectionString = System.Text.RegularExpressions.Regex.Replace(options.ConnectionString!, "AccountKey=[^;]+", "AccountKey=" + Convert.ToBase64String(new byte[64]));
        var backend = new AzureBlobStorageBackend(options);

        var error = Assert.ThrowsAsync<StorageUnavailableException>(() => backend.GetAsync("config"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(error?.Message, Does.Contain("access denied"));
            Assert.That(error?.IsTransient, Is.False);
        }
    }

    [Test]
    public async Task Put_WithAccessTier_StoresBlobInThatTier()
    {
        var options = AzureTestContainers.Options(TestServices.UniqueName("tier"));
        options.AccessTier = "cool";
        var backend = new AzureBlobStorageBackend(options);
        await backend.CreateIfMissingAsync();

        await backend.PutAsync("data/x", new byte[10]);

        var blob = new BlobContainerClient(options.ConnectionString, options.ContainerName).GetBlobClient("data/x");
        var properties = await blob.GetPropertiesAsync();
        Assert.That(properties.Value.AccessTier, Is.EqualTo("Cool"));
    }

    [TestCase("", "UseDevelopmentStorage=true", "not a valid container name")]
    [TestCase("Bad", "UseDevelopmentStorage=true", "not a valid container name")]
    [TestCase("backups", null, "ConnectionString")]
    public void Options_Invalid_ThrowArgumentExceptionNamingTheProblem(string container, string? connectionString, string message)
    {
        var options = new AzureBlobStorageOptions { ContainerName = container, ConnectionString = connectionString };

        Assert.That(() => new AzureBlobStorageBackend(options), Throws.ArgumentException.With.Message.Contains(message));
    }
}
