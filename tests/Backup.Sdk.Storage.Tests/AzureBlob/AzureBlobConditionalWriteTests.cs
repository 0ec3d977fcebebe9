using Azure.Storage.Sas;
using Backup.Sdk.Storage.AzureBlob;
using Backup.Sdk.Storage.Tests.Support;

namespace Backup.Sdk.Storage.Tests.AzureBlob;

/// <summary>
/// The Azure backend's conditional-write probe on a real Azurite: as it is (honours <c>If-None-Match</c>), and with the
/// header dropped on the way (a store that ignores it).
/// </summary>
[Category("Integration")]
public class AzureBlobConditionalWriteTests
{
    private const string Prefix = "hosts/h1";

    [Test]
    public async Task DetectConditionalWrites_OnAzurite_FindsThemHonouredAndLeavesNoProbe()
    {
        var backend = await AzureTestContainers.CreateAsync(Prefix);

        var honoured = await backend.DetectConditionalWritesAsync();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(honoured, Is.True);
            Assert.That(backend.ConditionalWritesHonoured, Is.True);
            Assert.That(await RawNamesAsync(backend), Is.Empty, "the probe blob is deleted");
        }
    }

    [Test]
    public async Task DetectConditionalWrites_OnStoreIgnoringIfNoneMatch_FindsThemIgnored()
    {
        var handler = new IfNoneMatchStrippingHandler();
        using var http = new HttpClient(handler);
        var backend = await CreateIgnoringAsync(http);

        var honoured = await backend.DetectConditionalWritesAsync();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(honoured, Is.False);
            Assert.That(backend.ConditionalWritesHonoured, Is.False);
            Assert.That(handler.Stripped, Is.EqualTo(1), "the probe's conditional upload was the one that lost its header");
            Assert.That(await RawNamesAsync(backend), Is.Empty, "the probe blob is deleted");
        }
    }

    [Test]
    public async Task DetectConditionalWrites_CalledTwice_ProbesOnce()
    {
        var handler = new IfNoneMatchStrippingHandler();
        using var http = new HttpClient(handler);
        var backend = await CreateIgnoringAsync(http);

        await backend.DetectConditionalWritesAsync();
        await backend.DetectConditionalWritesAsync();

        Assert.That(handler.Stripped, Is.EqualTo(1));
    }

    [Test]
    public async Task Put_CreateOnlyAfterProbeFoundThemIgnored_StillRefusesAnExistingObject()
    {
        using var http = new HttpClient(new IfNoneMatchStrippingHandler());
        var backend = await CreateIgnoringAsync(http);
        await backend.PutAsync("config", new byte[] { 1 });
        await backend.DetectConditionalWritesAsync();

        Assert.That(() => backend.PutAsync("config", new byte[] { 2 }, PutMode.CreateOnly), Throws.TypeOf<ObjectAlreadyExistsException>());
        Assert.That(await backend.GetAsync("config"), Is.EqualTo(new byte[] { 1 }));
    }

    [Test]
    public async Task DetectConditionalWrites_WithReadOnlyAccess_FailsNotTransient()
    {
        var owner = await AzureTestContainers.CreateAsync(Prefix);
        var readOnly = AzureTestContainers.WithSas(ContainerOf(owner), BlobContainerSasPermissions.Read | BlobContainerSasPermissions.List, Prefix);

        var error = Assert.ThrowsAsync<StorageUnavailableException>(() => readOnly.DetectConditionalWritesAsync());

        using (Assert.EnterMultipleScope())
        {
            Assert.That(error?.Message, Does.Contain("access denied"));
            Assert.That(error?.IsTransient, Is.False);
            Assert.That(readOnly.ConditionalWritesHonoured, Is.Null);
        }
    }

    [Test]
    public async Task List_BlobLeftUnderTheBackendFolder_IsNeverListed()
    {
        // What a probe interrupted before its delete would leave.
        var backend = await AzureTestContainers.CreateAsync(Prefix);
        await AzureTestContainers.OwnerClient(ContainerOf(backend)).GetBlobClient(Prefix + "/.backend/conditional-write-probe-left").UploadAsync(BinaryData.FromString("x"));
        await backend.PutAsync("config", new byte[1]);

        var listed = new List<string>();
        await foreach (var info in backend.ListAsync(string.Empty))
        {
            listed.Add(info.Name);
        }

        Assert.That(listed, Is.EqualTo(new[] { "config" }));
    }

    internal static async Task<AzureBlobStorageBackend> CreateIgnoringAsync(HttpClient http)
    {
        var container = TestServices.UniqueName("ignoring");
        await AzureTestContainers.OwnerClient(container).CreateIfNotExistsAsync();
        return AzureTestContainers.WithSas(container, BlobContainerSasPermissions.All, Prefix, http);
    }

    internal static string ContainerOf(AzureBlobStorageBackend backend) => backend.Location["azure:".Length..].Split('/')[0];

    /// <summary>Every blob in the backend's container, as the service lists it (dot-folders included).</summary>
    internal static async Task<List<string>> RawNamesAsync(AzureBlobStorageBackend backend)
    {
        var names = new List<string>();
        await foreach (var item in AzureTestContainers.OwnerClient(ContainerOf(backend)).GetBlobsAsync())
        {
            names.Add(item.Name);
        }

        return names;
    }
}
