using Amazon;
using Amazon.Runtime;
using Amazon.S3;

namespace Backup.Sdk.Storage.S3;

/// <summary>Builds the <see cref="AmazonS3Client"/> that <see cref="S3StorageOptions"/> describe.</summary>
internal static class S3ClientFactory
{
    public static AmazonS3Client Create(S3StorageOptions options)
    {
        var config = new AmazonS3Config
        {
            ForcePathStyle = options.UsesPathStyle,

            // Content-MD5 on every upload is the checksum that AWS and S3-compatible stores alike understand; the SDK's
            // default trailing checksums (aws-chunked) are not spoken by many S3-compatible stores.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        if (options.ServiceUrl is { } url)
        {
            config.ServiceURL = url.ToString();
            config.AuthenticationRegion = options.Region ?? "us-east-1";
        }
        else if (options.Region is { Length: > 0 } region)
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }

        return options.Credentials is { } credentials ? new AmazonS3Client(credentials, config) : new AmazonS3Client(config);
    }
}
