using Amazon.S3;
using Amazon.S3.Model;
using Azure.Storage.Sas;
using Backup.Sdk.Cryptography;
using Backup.Sdk.Repository;
using Backup.Sdk.Storage.AzureBlob;
using Backup.Sdk.Storage.ReadAhead;
using Backup.Sdk.Storage.Resilience;
using Backup.Sdk.Storage.S3;
using Backup.Sdk.Storage.Tests.AzureBlob;
using Backup.Sdk.Storage.Tests.S3;
using Backup.Sdk.Storage.Tests.Support;

namespace Backup.Sdk.Storage.Tests;

/// <summary>
/// A repository created and opened on real servers, through the decorators the CLI uses, reports what the store's
/// conditional-write probe found: s3rver ignores <c>If-None-Match</c>, Azurite honours it.
/// </summary>
[Category("Integration")]
public class RepositoryConditionalWriteTests
{
    private const string Password = "probe-password";
    private const string Prefix = "hosts/h1";

    [Test]
    public async Task InitAndOpen_OnS3rver_ReportIgnoredAndLeaveNoProbe()
    {
        using var backend = await S3TestBuckets.CreateAsync(Prefix);
        using var reopened = new S3StorageBackend(S3TestBuckets.Options(backend.BucketName, Prefix));

        var (created, opened) = await InitThenOpenAsync(Decorated(backend), Decorated(reopened));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(created, Is.EqualTo(ConditionalWriteSupport.Ignored));
            Assert.That(opened, Is.EqualTo(ConditionalWriteSupport.Ignored));
            Assert.That(await ListedNamesAsync(backend), Has.None.Contains(".backend"));
            Assert.That(await RawS3KeysAsync(backend.BucketName), Has.None.Contains(".backend"), "the probe object is deleted");
        }
    }

    [Test]
    public async Task InitAndOpen_OnAzurite_ReportHonouredAndLeaveNoProbe()
    {
        var backend = await AzureTestContainers.CreateAsync(Prefix);

        var (created, opened) = await InitThenOpenAsync(
            Decorated(backend),
            Decorated(new AzureBlobStorageBackend(AzureTestContainers.Options(AzureBlobConditionalWriteTests.ContainerOf(backend), Prefix))));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(created, Is.EqualTo(ConditionalWriteSupport.Honoured));
            Assert.That(opened, Is.EqualTo(ConditionalWriteSupport.Honoured));
            Assert.That(await ListedNamesAsync(backend), Has.None.Contains(".backend"));
            Assert.That(await AzureBlobConditionalWriteTests.RawNamesAsync(backend), Has.None.Contains(".backend"), "the probe blob is deleted");
        }
    }

    [Test]
    public async Task Open_OnAzureStoreIgnoringConditionalWrites_ReportsIgnored()
    {
        using var http = new HttpClient(new IfNoneMatchStrippingHandler());
        var backend = await AzureBlobConditionalWriteTests.CreateIgnoringAsync(http);

        var (created, opened) = await InitThenOpenAsync(backend, backend);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(created, Is.EqualTo(ConditionalWriteSupport.Ignored));
            Assert.That(opened, Is.EqualTo(ConditionalWriteSupport.Ignored));
            Assert.That(backend.ConditionalWritesHonoured, Is.False);
        }
    }

    [Test]
    public async Task Open_WithReadOnlyAccessOnAzurite_OpensWithUnknown()
    {
        var backend = await AzureTestContainers.CreateAsync(Prefix);
        string repositoryId;
        await using (var created = await BackupRepository.InitAsync(backend, Password, new RepositoryInitOptions { Kdf = KdfParameters.ForTesting }))
        {
            repositoryId = created.Config.RepositoryId;
        }

        var readOnly = AzureTestContainers.WithSas(AzureBlobConditionalWriteTests.ContainerOf(backend), BlobContainerSasPermissions.Read | BlobContainerSasPermissions.List, Prefix);
        await using var opened = await BackupRepository.OpenAsync(Decorated(readOnly), Password);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(opened.ConditionalWrites, Is.EqualTo(ConditionalWriteSupport.Unknown));
            Assert.That(opened.Config.RepositoryId, Is.EqualTo(repositoryId));
        }
    }

    [Test]
    public async Task Open_WithConditionalWritesRequiredOnS3rver_FailsClearly()
    {
        using var backend = await S3TestBuckets.CreateAsync(Prefix);
        await (await BackupRepository.InitAsync(backend, Password, new RepositoryInitOptions { Kdf = KdfParameters.ForTesting })).DisposeAsync();
        var options = S3TestBuckets.Options(backend.BucketName, Prefix);
        options.ConditionalWrites = S3ConditionalWrites.Require;
        using var requiring = new S3StorageBackend(options);

        var error = Assert.CatchAsync<StorageUnavailableException>(() => BackupRepository.OpenAsync(Decorated(requiring), Password));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(error, Is.TypeOf<ConditionalWritesIgnoredException>());
            Assert.That(error?.Message, Does.Contain("ignores conditional writes").And.Contain(backend.BucketName));
            Assert.That(error?.IsTransient, Is.False);
        }
    }

    [Test]
    public async Task Init_WithConditionalWritesRequiredOnS3rver_FailsAndWritesNothing()
    {
        var options = S3TestBuckets.Options(TestServices.UniqueName("require"), Prefix);
        options.ConditionalWrites = S3ConditionalWrites.Require;
        using var requiring = new S3StorageBackend(options);
        await requiring.CreateIfMissingAsync();

        Assert.CatchAsync<ConditionalWritesIgnoredException>(() => BackupRepository.InitAsync(Decorated(requiring), Password, new RepositoryInitOptions { Kdf = KdfParameters.ForTesting }));

        Assert.That(await RawS3KeysAsync(options.BucketName), Is.Empty);
    }

    // As the CLI wraps remote storage: retries and limits, then read-ahead windows.
    private static PackWindowStorageBackend Decorated(IStorageBackend storage) =>
        new(StorageResilience.Apply(storage, new StorageResilienceOptions()));

    private static async Task<(ConditionalWriteSupport Created, ConditionalWriteSupport Opened)> InitThenOpenAsync(IStorageBackend forInit, IStorageBackend forOpen)
    {
        ConditionalWriteSupport created;
        await using (var repository = await BackupRepository.InitAsync(forInit, Password, new RepositoryInitOptions { Kdf = KdfParameters.ForTesting }))
        {
            created = repository.ConditionalWrites;
        }

        await using var opened = await BackupRepository.OpenAsync(forOpen, Password);
        return (created, opened.ConditionalWrites);
    }

    private static async Task<List<string>> ListedNamesAsync(IStorageBackend storage)
    {
        var names = new List<string>();
        await foreach (var info in storage.ListAsync(string.Empty))
        {
            names.Add(info.Name);
        }

        Assert.That(names, Has.Member("config"), "the listing sees the repository");
        return names;
    }

    private static async Task<List<string>> RawS3KeysAsync(string bucket)
    {
        var options = S3TestBuckets.Options(bucket);
        using var client = new AmazonS3Client(options.Credentials, new AmazonS3Config { ServiceURL = options.ServiceUrl!.ToString(), ForcePathStyle = true, AuthenticationRegion = "us-east-1" });
        var response = await client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket });
        return [.. (response.S3Objects ?? []).Select(o => o.Key)];
    }
}
