using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace Backup.Sdk.Storage.S3;

/// <content>Uploads (single and multipart, with checksums) and the bucket check.</content>
public sealed partial class S3StorageBackend
{
    private Task<bool> EnsureBucketCheckedAsync(CancellationToken cancellationToken) => _bucketCheck.GetAsync(cancellationToken);

    /// <summary>Checks that the bucket exists and the credentials are accepted; true when they are (else it throws).</summary>
    private async Task<bool> CheckBucketAsync()
    {
        try
        {
            // A listing, unlike a HEAD, says why it failed: NoSuchBucket, AccessDenied, InvalidAccessKeyId.
            var request = new ListObjectsV2Request { BucketName = _options.BucketName, Prefix = _keyPrefix, MaxKeys = 1 };
            await _client.ListObjectsV2Async(request, CancellationToken.None).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (S3Errors.Map(e, "open", null, Location, CancellationToken.None) is { } mapped)
        {
            throw mapped;
        }
    }

    private async Task UploadAsync(string key, ReadOnlyMemory<byte> content, bool conditional, CancellationToken cancellationToken)
    {
        if (content.Length >= _options.MultipartThreshold)
        {
            await UploadInPartsAsync(key, content, conditional, cancellationToken).ConfigureAwait(false);
            return;
        }

        var md5 = Md5(content.Span);
        var request = new PutObjectRequest
        {
            BucketName = _options.BucketName,
            Key = key,
            InputStream = AsStream(content),
            AutoCloseStream = true,
            MD5Digest = Convert.ToBase64String(md5),
            UseChunkEncoding = false,
            IfNoneMatch = conditional ? "*" : null,
            StorageClass = StorageClassOrNull(),
        };
        var response = await _client.PutObjectAsync(request, cancellationToken).ConfigureAwait(false);
        if (_options.VerifyETag && !ETagMatches(response.ETag, md5))
        {
            // The store kept other bytes than were sent (it did not check Content-MD5): never leave them as the object.
            await DeleteQuietlyAsync(key).ConfigureAwait(false);
            throw new StorageUnavailableException(
                $"Upload of '{key}' to '{Location}' was damaged on the way (ETag {response.ETag} does not match the content's MD5); it was removed.", isTransient: true);
        }
    }

    private async Task UploadInPartsAsync(string key, ReadOnlyMemory<byte> content, bool conditional, CancellationToken cancellationToken)
    {
        var initiate = new InitiateMultipartUploadRequest { BucketName = _options.BucketName, Key = key, StorageClass = StorageClassOrNull() };
        var uploadId = (await _client.InitiateMultipartUploadAsync(initiate, cancellationToken).ConfigureAwait(false)).UploadId;
        try
        {
            var parts = new List<PartETag>();
            for (int offset = 0, number = 1; offset < content.Length; offset += _options.PartSize, number++)
            {
                var part = content.Slice(offset, Math.Min(_options.PartSize, content.Length - offset));
                var md5 = Md5(part.Span);
                var request = new UploadPartRequest
                {
                    BucketName = _options.BucketName,
                    Key = key,
                    UploadId = uploadId,
                    PartNumber = number,
                    PartSize = part.Length,
                    InputStream = AsStream(part),
                    MD5Digest = Convert.ToBase64String(md5),
                    UseChunkEncoding = false,
                };
                var response = await _client.UploadPartAsync(request, cancellationToken).ConfigureAwait(false);
                if (_options.VerifyETag && !ETagMatches(response.ETag, md5))
                {
                    throw new StorageUnavailableException(
                        $"Part {number} of '{key}' to '{Location}' was damaged on the way (ETag {response.ETag} does not match its MD5).", isTransient: true);
                }

                parts.Add(new PartETag(number, response.ETag));
            }

            var complete = new CompleteMultipartUploadRequest
            {
                BucketName = _options.BucketName,
                Key = key,
                UploadId = uploadId,
                PartETags = parts,
                IfNoneMatch = conditional ? "*" : null,
            };
            await _client.CompleteMultipartUploadAsync(complete, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // Parts of an unfinished upload are billed until aborted; the object itself never appeared.
            try
            {
                await _client.AbortMultipartUploadAsync(_options.BucketName, key, uploadId, CancellationToken.None).ConfigureAwait(false);
            }
            catch (AmazonServiceException)
            {
                // Best effort: the original failure matters more (a lifecycle rule can clean up what is left).
            }

            throw;
        }
    }

    private S3StorageClass? StorageClassOrNull() =>
        _options.StorageClass is { Length: > 0 } storageClass ? S3StorageClass.FindValue(storageClass) : null;

    private static MemoryStream AsStream(ReadOnlyMemory<byte> content) =>
        MemoryMarshal.TryGetArray(content, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(content.ToArray(), writable: false);

    [SuppressMessage("Security", "CA5351:Do Not Use Broken Cryptographic Algorithms", Justification = "Content-MD5 and ETags are MD5 by the S3 protocol: a transfer check, not security.")]
    private static byte[] Md5(ReadOnlySpan<byte> content) => MD5.HashData(content);

    private static bool ETagMatches(string? etag, byte[] md5)
    {
        var hex = etag?.Trim('"');

        // Only a plain 32-digit ETag is an MD5 of the content; anything else (encrypted buckets, other stores) is not compared.
        return hex is not { Length: 32 } || !IsHex(hex) || string.Equals(hex, Convert.ToHexStringLower(md5), StringComparison.OrdinalIgnoreCase);
    }

    private static bool IsHex(string value)
    {
        foreach (var c in value)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
