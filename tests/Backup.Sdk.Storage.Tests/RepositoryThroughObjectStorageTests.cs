using Backup.Sdk.Cryptography;
using Backup.Sdk.DependencyInjection;
using Backup.Sdk.Repository;
using Backup.Sdk.Repository.Snapshots;
using Backup.Sdk.Repository.Trees;
using Backup.Sdk.Storage.AzureBlob;
using Backup.Sdk.Storage.S3;
using Backup.Sdk.Storage.Tests.AzureBlob;
using Backup.Sdk.Storage.Tests.S3;
using Backup.Sdk.Storage.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Backup.Sdk.Storage.Tests;

/// <summary>
/// A repository registered through <c>AddS3Storage</c>/<c>AddAzureBlobStorage</c>: created, written (blobs in packs, a tree,
/// a snapshot), opened again through the DI provider and read back, on real servers.
/// </summary>
[Category("Integration")]
public class RepositoryThroughObjectStorageTests
{
    private const string Password = "di-password";

    [Test]
    public async Task AddS3Storage_RepositoryRoundTrips()
    {
        var bucket = TestServices.UniqueName("di");
        var template = S3TestBuckets.Options(bucket, "hosts/h1");
        await RoundTripAsync(builder => builder.AddS3Storage(o =>
        {
            o.BucketName = template.BucketName;
            o.Prefix = template.Prefix;
            o.ServiceUrl = template.ServiceUrl;
            o.Credentials = template.Credentials;
        }));
    }

    [Test]
    public async Task AddAzureBlobStorage_RepositoryRoundTrips()
    {
        var template = AzureTestContainers.Options(TestServices.UniqueName("di"), "hosts/h1");
        await RoundTripAsync(builder => builder.AddAzureBlobStorage(o =>
        {
            o.ContainerName = template.ContainerName;
            o.Prefix = template.Prefix;
            o.ConnectionString = template.ConnectionString;
        }));
    }

    [Test]
    public void AddS3Storage_InvalidOptions_FailValidationNamingTheOption()
    {
        var services = new ServiceCollection();
        services.AddBackupSdk(o => o.Password = Password).AddS3Storage(o => o.BucketName = "No_Such");
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => _ = provider.GetRequiredService<IOptions<S3StorageOptions>>().Value);
        Assert.That(error?.Message, Does.Contain("not a valid bucket name"));
    }

    [Test]
    public void AddAzureBlobStorage_NoCredentials_FailValidation()
    {
        var services = new ServiceCollection();
        services.AddBackupSdk(o => o.Password = Password).AddAzureBlobStorage(o => o.ContainerName = "backups");
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => _ = provider.GetRequiredService<IOptions<AzureBlobStorageOptions>>().Value);
        Assert.That(error?.Message, Does.Contain("ConnectionString"));
    }

    private static async Task RoundTripAsync(Action<IBackupSdkBuilder> configureStorage)
    {
        var services = new ServiceCollection();
        configureStorage(services.AddBackupSdk(o => o.Password = Password));
        await using var provider = services.BuildServiceProvider();
        var storage = provider.GetRequiredService<IStorageBackend>();
        await ((ICreatableStorage)storage).CreateIfMissingAsync();
        var content = new byte[300_000];
#pragma warning disable CA5394 // test data
        new Random(3).NextBytes(content);
#pragma warning restore CA5394

        ContentId snapshotId;
        await using (var created = await BackupRepository.InitAsync(storage, Password, new RepositoryInitOptions { Kdf = KdfParameters.ForTesting, PackSize = 256 * 1024 }))
        {
            var blob = await created.Blobs.SaveAsync(BlobType.Data, content);
            var tree = await created.Trees.SaveAsync(new Tree { Nodes = [new TreeNode { Name = "f", Type = NodeType.File, Size = content.Length, Content = [blob.Id] }] });
            await created.Blobs.FlushAsync();
            snapshotId = await created.Snapshots.SaveAsync(new Snapshot { Time = DateTimeOffset.UnixEpoch, Hostname = "h", Paths = ["/f"], Tree = tree.Id });
        }

        var opened = await provider.GetRequiredService<IBackupRepositoryProvider>().OpenAsync();
        var snapshot = await opened.Snapshots.LoadAsync(snapshotId);
        var root = await opened.Trees.LoadAsync(snapshot.Tree);
        var read = await opened.Blobs.ReadAsync(BlobType.Data, root.Nodes[0].Content![0]);

        Assert.That(read, Is.EqualTo(content));
    }
}
