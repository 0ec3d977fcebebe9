using System.Security.Cryptography;
using Amazon.S3;
using Amazon.S3.Model;
using Backup.Sdk.Storage.S3;
using Moq;

namespace Backup.Sdk.Storage.Tests.S3;

/// <summary>
/// A store that keeps other bytes than were sent (its ETag is not the MD5 of the content) must never leave them as the
/// object. No real server can be made to damage a body on demand, so the client is a mock here.
/// </summary>
public class S3UploadVerificationTests
{
    private static readonly byte[] ContentBytes = [1, 2, 3, 4, 5];

    [Test]
    public void Put_ETagDoesNotMatchContent_FailsTransientAndRemovesTheObject()
    {
        var client = ClientReturningETag("\"00000000000000000000000000000000\"");
        using var backend = new S3StorageBackend(client.Object, new S3StorageOptions { BucketName = "bucket", Prefix = "p" });

        var error = Assert.ThrowsAsync<StorageUnavailableException>(() => backend.PutAsync("data/x", ContentBytes));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(error?.IsTransient, Is.True);
            Assert.That(error?.Message, Does.Contain("damaged"));
        }

        client.Verify(c => c.DeleteObjectAsync("bucket", "p/data/x", It.IsAny<CancellationToken>()), Times.Once);
    }

    [Test]
    public async Task Put_ETagMatchesContent_SucceedsAndSendsContentMd5()
    {
#pragma warning disable CA5351 // the S3 protocol's checksum
        var md5 = MD5.HashData(ContentBytes);
#pragma warning restore CA5351
        var client = ClientReturningETag($"\"{Convert.ToHexStringLower(md5)}\"");
        using var backend = new S3StorageBackend(client.Object, new S3StorageOptions { BucketName = "bucket" });

        await backend.PutAsync("data/x", ContentBytes);

        client.Verify(c => c.PutObjectAsync(It.Is<PutObjectRequest>(r => r.MD5Digest == Convert.ToBase64String(md5) && r.Key == "data/x"), It.IsAny<CancellationToken>()), Times.Once);
        client.Verify(c => c.DeleteObjectAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Test]
    public void Put_ETagMismatchWithVerificationOff_Succeeds()
    {
        var client = ClientReturningETag("\"00000000000000000000000000000000\"");
        using var backend = new S3StorageBackend(client.Object, new S3StorageOptions { BucketName = "bucket", VerifyETag = false });

        Assert.DoesNotThrowAsync(() => backend.PutAsync("data/x", ContentBytes));
    }

    private static Mock<IAmazonS3> ClientReturningETag(string etag)
    {
        var client = new Mock<IAmazonS3>();
        client.Setup(c => c.ListObjectsV2Async(It.IsAny<ListObjectsV2Request>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new ListObjectsV2Response());
        client.Setup(c => c.PutObjectAsync(It.IsAny<PutObjectRequest>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new PutObjectResponse { ETag = etag });
        client.Setup(c => c.DeleteObjectAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new DeleteObjectResponse());
        return client;
    }
}
