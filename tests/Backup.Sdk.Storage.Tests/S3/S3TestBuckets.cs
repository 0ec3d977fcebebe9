using Amazon.Runtime;
using Backup.Sdk.Storage.S3;
using Backup.Sdk.Storage.Tests.Support;

namespace Backup.Sdk.Storage.Tests.S3;

/// <summary>Options and buckets on the test s3rver.</summary>
internal static class S3TestBuckets
{
    /// <summary>Options for a bucket on the test s3rver, with small parts so that large-object tests go multipart.</summary>
    public static S3StorageOptions Options(string bucket, string prefix = "") => new()
    {
        BucketName = bucket,
        Prefix = prefix,
        ServiceUrl = TestServices.S3Endpoint,
        Credentials = new BasicAWSCredentials(TestServices.S3AccessKey, TestServices.S3SecretKey),
        MultipartThreshold = 8 << 20,
        PartSize = S3StorageOptions.MinPartSize,
    };

    /// <summary>Creates a fresh bucket and returns a backend on it under <paramref name="prefix"/>.</summary>
    public static async Task<S3StorageBackend> CreateAsync(string prefix = "")
    {
        var backend = new S3StorageBackend(Options(TestServices.UniqueName("test"), prefix));
        await backend.CreateIfMissingAsync().ConfigureAwait(false);
        return backend;
    }
}
