using Amazon.S3;
using Backup.Sdk.Storage.S3;
using Backup.Sdk.Storage.Tests.Support;

namespace Backup.Sdk.Storage.Tests.S3;

/// <summary>What the S3 backend adds to the contract, on a real s3rver: error mapping, the conditional-write probe, options.</summary>
[Category("Integration")]
public class S3StorageBackendTests
{
    [Test]
    public void Operations_MissingBucket_FailAtOnceAndNotTransient()
    {
        using var backend = new S3StorageBackend(S3TestBuckets.Options(TestServices.UniqueName("missing")));

        var stat = Assert.ThrowsAsync<StorageUnavailableException>(() => backend.StatAsync("config"));
        var put = Assert.ThrowsAsync<StorageUnavailableException>(() => backend.PutAsync("config", new byte[1]));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(stat?.Message, Does.Contain("bucket does not exist").And.Contain(backend.BucketName));
            Assert.That(stat?.IsTransient, Is.False);
            Assert.That(put?.IsTransient, Is.False);
        }
    }

    [Test]
    public void Operations_UnknownAccessKey_AccessDeniedNotTransient()
    {
        var options = S3TestBuckets.Options(TestServices.UniqueName("denied"));
        options.Credentials = new Amazon.Runtime.BasicAWSCredentials("NOT-A-KEY", "secret");
        using var backend = new S3StorageBackend(options);

        var error = Assert.ThrowsAsync<StorageUnavailableException>(() => backend.GetAsync("config"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(error?.Message, Does.Contain("access denied").And.Contain("InvalidAccessKeyId"));
            Assert.That(error?.IsTransient, Is.False);
        }
    }

    [Test]
    public async Task DetectConditionalWrites_OnS3rver_FindsThemIgnoredAndLeavesNoListedProbe()
    {
        using var backend = await S3TestBuckets.CreateAsync("p");

        var honoured = await backend.DetectConditionalWritesAsync();
        var listed = new List<StorageObjectInfo>();
        await foreach (var info in backend.ListAsync(string.Empty))
        {
            listed.Add(info);
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.That(honoured, Is.False, "s3rver 3.7.1 accepts a PUT with If-None-Match: * over an existing key");
            Assert.That(backend.ConditionalWritesHonoured, Is.False);
            Assert.That(listed, Is.Empty);
        }
    }

    [Test]
    public async Task Put_CreateOnlyWhenConditionalWritesRequiredOnS3rver_FailsClearly()
    {
        var options = S3TestBuckets.Options(TestServices.UniqueName("require"));
        options.ConditionalWrites = S3ConditionalWrites.Require;
        using var backend = new S3StorageBackend(options);
        await backend.CreateIfMissingAsync();

        var error = Assert.ThrowsAsync<ConditionalWritesIgnoredException>(() => backend.PutAsync("config", new byte[1], PutMode.CreateOnly));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(error, Is.InstanceOf<StorageUnavailableException>());
            Assert.That(error?.Message, Does.Contain("ignores conditional writes"));
            Assert.That(error?.IsTransient, Is.False);
            Assert.That(await backend.StatAsync("config"), Is.Null, "nothing was written");
        }
    }

    [Test]
    public async Task DetectConditionalWrites_WithDisable_SendsNothingAndFindsThemNotUsed()
    {
        // A bucket that does not exist: any request would fail, so an answer shows that none was sent.
        var options = S3TestBuckets.Options(TestServices.UniqueName("disabled"));
        options.ConditionalWrites = S3ConditionalWrites.Disable;
        using var backend = new S3StorageBackend(options);

        var honoured = await backend.DetectConditionalWritesAsync();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(honoured, Is.False);
            Assert.That(backend.ConditionalWritesHonoured, Is.Null);
        }
    }

    [Test]
    public async Task List_ObjectLeftUnderTheBackendFolder_IsNeverListed()
    {
        // What a probe interrupted before its delete would leave.
        using var backend = await S3TestBuckets.CreateAsync("hosts/h1");
        var options = S3TestBuckets.Options(backend.BucketName);
        using var client = new AmazonS3Client(options.Credentials, new AmazonS3Config { ServiceURL = options.ServiceUrl!.ToString(), ForcePathStyle = true, AuthenticationRegion = "us-east-1" });
        await client.PutObjectAsync(new Amazon.S3.Model.PutObjectRequest { BucketName = backend.BucketName, Key = "hosts/h1/.backend/conditional-write-probe-left", ContentBody = "x" });
        await backend.PutAsync("config", new byte[1]);

        var listed = new List<string>();
        await foreach (var info in backend.ListAsync(string.Empty))
        {
            listed.Add(info.Name);
        }

        Assert.That(listed, Is.EqualTo(new[] { "config" }));
    }

    [Test]
    public async Task Put_WithStorageClass_StoresObjectInThatClass()
    {
        var options = S3TestBuckets.Options(TestServices.UniqueName("class"));
        options.StorageClass = "STANDARD_IA";
        using var backend = new S3StorageBackend(options);
        await backend.CreateIfMissingAsync();
        using var client = new AmazonS3Client(options.Credentials, new AmazonS3Config { ServiceURL = options.ServiceUrl!.ToString(), ForcePathStyle = true, AuthenticationRegion = "us-east-1" });

        await backend.PutAsync("data/x", new byte[10]);

        var metadata = await client.GetObjectMetadataAsync(options.BucketName, "data/x");
        Assert.That(metadata.StorageClass?.Value, Is.EqualTo("STANDARD_IA"));
    }

    [Test]
    public async Task CreateIfMissing_ExistingBucket_Succeeds()
    {
        using var backend = await S3TestBuckets.CreateAsync();

        Assert.DoesNotThrowAsync(() => backend.CreateIfMissingAsync());
    }

    [TestCase("http://minio.local:9000", null, true)]
    [TestCase("http://minio.local:9000", false, false)]
    [TestCase("https://s3.eu-west-1.amazonaws.com", null, false)]
    [TestCase(null, null, false)]
    public void UsesPathStyle_DefaultsToPathStyleForNonAwsEndpoints(string? serviceUrl, bool? forced, bool expected)
    {
        var options = new S3StorageOptions { BucketName = "b-1", ServiceUrl = serviceUrl is null ? null : new Uri(serviceUrl), ForcePathStyle = forced };

        Assert.That(options.UsesPathStyle, Is.EqualTo(expected));
    }
}
