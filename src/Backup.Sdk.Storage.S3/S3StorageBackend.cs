using System.Net;
using System.Runtime.CompilerServices;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace Backup.Sdk.Storage.S3;

/// <summary>
/// An <see cref="IStorageBackend"/> over an Amazon S3 bucket or an S3-compatible store: each object is the key
/// <c>&lt;prefix&gt;/&lt;name&gt;</c>.
/// </summary>
/// <remarks>
/// <para>A put is one PUT request, or a multipart upload from <see cref="S3StorageOptions.MultipartThreshold"/> bytes on; S3
/// makes either visible whole or not at all, and a failed or cancelled multipart upload is aborted. Every request carries
/// <c>Content-MD5</c>, so the store rejects a body damaged on the way; single-part uploads also compare the returned ETag.</para>
/// <para>The first call checks once that the bucket exists and the credentials are accepted, so that a missing bucket or a
/// wrong key fails at once with a clear <see cref="StorageUnavailableException"/> instead of looking like a missing object.
/// <see cref="PutMode.CreateOnly"/> is described at <see cref="S3ConditionalWrites"/>.</para>
/// <para>Transient failures are retried by the AWS SDK's own retry policy first; what still fails surfaces as a transient
/// <see cref="StorageUnavailableException"/>. The client is thread-safe; dispose the backend to release it.</para>
/// </remarks>
public sealed partial class S3StorageBackend : IStorageBackend, ICreatableStorage, IConditionalWriteProbe, IDisposable
{
    private readonly IAmazonS3 _client;
    private readonly bool _ownsClient;
    private readonly S3StorageOptions _options;
    private readonly string _keyPrefix;
    private const int MaxChecksumRereads = 3;
    private readonly NameTurns _createOnlyTurns = new();
    private readonly RememberedCheck<bool> _bucketCheck;
    private readonly RememberedCheck<bool> _conditionalWriteProbe;

    /// <summary>Creates a backend with its own client, configured from <paramref name="options"/>.</summary>
    /// <param name="options">The bucket, prefix, endpoint and behaviour; validated and copied.</param>
    /// <exception cref="ArgumentException">An option is wrong.</exception>
    public S3StorageBackend(S3StorageOptions options)
        : this(S3ClientFactory.Create(Validated(options)), options, ownsClient: true)
    {
    }

    /// <summary>Creates a backend over a client the caller configured (and disposes).</summary>
    /// <param name="client">The S3 client.</param>
    /// <param name="options">The bucket, prefix and behaviour (the endpoint settings are the client's); validated.</param>
    /// <exception cref="ArgumentException">An option is wrong.</exception>
    public S3StorageBackend(IAmazonS3 client, S3StorageOptions options)
        : this(client ?? throw new ArgumentNullException(nameof(client)), Validated(options), ownsClient: false)
    {
    }

    private S3StorageBackend(IAmazonS3 client, S3StorageOptions options, bool ownsClient)
    {
        _client = client;
        _ownsClient = ownsClient;
        _options = options;
        _keyPrefix = options.Prefix.Length == 0 ? string.Empty : options.Prefix + "/";
        var endpoint = options.ServiceUrl is { } url ? url.GetLeftPart(UriPartial.Authority) + "/" : "s3://";
        Location = $"s3:{endpoint}{options.BucketName}{(options.Prefix.Length == 0 ? string.Empty : "/" + options.Prefix)}";
        _bucketCheck = new RememberedCheck<bool>(CheckBucketAsync);
        _conditionalWriteProbe = new RememberedCheck<bool>(ProbeConditionalWritesAsync);
    }

    /// <inheritdoc />
    public string Location { get; }

    /// <summary>The bucket.</summary>
    public string BucketName => _options.BucketName;

    /// <summary>
    /// Whether the store was found to honour <c>If-None-Match: *</c> on puts; <see langword="null"/> until the first
    /// create-only put or <see cref="DetectConditionalWritesAsync"/> (which opening a repository calls) has checked, when the
    /// check failed, and with <see cref="S3ConditionalWrites.Disable"/>.
    /// </summary>
    public bool? ConditionalWritesHonoured => _conditionalWriteProbe.Result;

    /// <inheritdoc />
    public async Task PutAsync(string name, ReadOnlyMemory<byte> content, PutMode mode = PutMode.Overwrite, CancellationToken cancellationToken = default)
    {
        var key = KeyOf(name);
        if (mode is not (PutMode.Overwrite or PutMode.CreateOnly))
        {
            throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown put mode.");
        }

        cancellationToken.ThrowIfCancellationRequested();
        await EnsureBucketCheckedAsync(cancellationToken).ConfigureAwait(false);
        var conditional = mode == PutMode.CreateOnly
            && _options.ConditionalWrites != S3ConditionalWrites.Disable
            && await DetectConditionalWritesAsync(cancellationToken).ConfigureAwait(false);
        if (mode == PutMode.CreateOnly && !conditional)
        {
            await PutIfAbsentWithoutConditionAsync(name, key, content, cancellationToken).ConfigureAwait(false);
            return;
        }

        try
        {
            await UploadAsync(key, content, conditional, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonS3Exception e) when (conditional && IsPreconditionFailure(e))
        {
            throw new ObjectAlreadyExistsException(name, e);
        }
        catch (Exception e) when (S3Errors.Map(e, "write", name, Location, cancellationToken) is { } mapped)
        {
            throw mapped;
        }
    }

    /// <inheritdoc />
    public async Task<byte[]> GetAsync(string name, CancellationToken cancellationToken = default)
    {
        var key = KeyOf(name);
        cancellationToken.ThrowIfCancellationRequested();
        await EnsureBucketCheckedAsync(cancellationToken).ConfigureAwait(false);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var response = await _client.GetObjectAsync(_options.BucketName, key, cancellationToken).ConfigureAwait(false);
                var buffer = new byte[response.ContentLength];
                await response.ResponseStream.ReadExactlyAsync(buffer, cancellationToken).ConfigureAwait(false);
                return buffer;
            }
            catch (Exception e) when (attempt < MaxChecksumRereads && (IsChecksumMismatch(e) || e is IOException) && !cancellationToken.IsCancellationRequested)
            {
                // The SDK checks a whole object against its ETag: a mismatch or a body cut short is damage on the way, or
                // (on stores without atomic overwrites, such as s3rver) a read that met a write. Reading again is the cure.
            }
            catch (Exception e) when (S3Errors.Map(e, "read", name, Location, cancellationToken) is { } mapped)
            {
                throw mapped;
            }
        }
    }

    /// <inheritdoc />
    public async Task ReadAsync(string name, long offset, Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        var key = KeyOf(name);
        cancellationToken.ThrowIfCancellationRequested();
        if (offset < 0 || offset > long.MaxValue - destination.Length)
        {
            throw OutOfRange(name, offset, destination.Length, null);
        }

        if (destination.Length == 0)
        {
            // An HTTP range cannot be empty: an empty read only needs the object to exist and the offset to lie inside it.
            var stat = await StatAsync(name, cancellationToken).ConfigureAwait(false) ?? throw new ObjectNotFoundException(name);
            if (offset > stat.Length)
            {
                throw OutOfRange(name, offset, 0, stat.Length);
            }

            return;
        }

        await EnsureBucketCheckedAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var request = new GetObjectRequest
            {
                BucketName = _options.BucketName,
                Key = key,
                ByteRange = new ByteRange(offset, offset + destination.Length - 1),
            };
            using var response = await _client.GetObjectAsync(request, cancellationToken).ConfigureAwait(false);

            // A range that runs past the end is answered with the bytes that exist; the contract wants all or an error.
            if (response.ContentLength != destination.Length)
            {
                throw OutOfRange(name, offset, destination.Length, null);
            }

            await response.ResponseStream.ReadExactlyAsync(destination, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
        {
            throw OutOfRange(name, offset, destination.Length, null);
        }
        catch (Exception e) when (S3Errors.Map(e, "read", name, Location, cancellationToken) is { } mapped)
        {
            throw mapped;
        }
    }

    /// <inheritdoc />
    public async Task<StorageObjectInfo?> StatAsync(string name, CancellationToken cancellationToken = default)
    {
        var key = KeyOf(name);
        cancellationToken.ThrowIfCancellationRequested();
        await EnsureBucketCheckedAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var response = await _client.GetObjectMetadataAsync(_options.BucketName, key, cancellationToken).ConfigureAwait(false);
            return new StorageObjectInfo(name, response.ContentLength, ToOffset(response.LastModified));
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        catch (Exception e) when (S3Errors.Map(e, "stat", name, Location, cancellationToken) is { } mapped)
        {
            throw mapped;
        }
    }

    /// <inheritdoc />
    public async Task DeleteAsync(string name, CancellationToken cancellationToken = default)
    {
        var key = KeyOf(name);
        cancellationToken.ThrowIfCancellationRequested();
        await EnsureBucketCheckedAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // S3 answers a delete of a missing key with success, as the contract wants.
            await _client.DeleteObjectAsync(_options.BucketName, key, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (S3Errors.Map(e, "delete", name, Location, cancellationToken) is { } mapped)
        {
            throw mapped;
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<StorageObjectInfo> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        StorageNames.ValidatePrefix(prefix);
        cancellationToken.ThrowIfCancellationRequested();
        await EnsureBucketCheckedAsync(cancellationToken).ConfigureAwait(false);
        var request = new ListObjectsV2Request
        {
            BucketName = _options.BucketName,
            Prefix = _keyPrefix + prefix,
            MaxKeys = _options.ListPageSize,
        };
        while (true)
        {
            ListObjectsV2Response page;
            try
            {
                page = await _client.ListObjectsV2Async(request, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (S3Errors.Map(e, "list", prefix + "*", Location, cancellationToken) is { } mapped)
            {
                throw mapped;
            }

            foreach (var entry in page.S3Objects ?? [])
            {
                var name = entry.Key[_keyPrefix.Length..];

                // Keys that are not object names are the backend's own (the probe under .backend/) or not the repository's.
                if (StorageNames.IsValid(name))
                {
                    yield return new StorageObjectInfo(name, entry.Size ?? 0, ToOffset(entry.LastModified));
                }
            }

            if (page.IsTruncated != true)
            {
                yield break;
            }

            request.ContinuationToken = page.NextContinuationToken
                ?? throw new StorageUnavailableException($"Listing '{prefix}' in '{Location}': the store said there is more but gave no continuation token.", isTransient: true);
        }
    }

    /// <inheritdoc />
    public async Task CreateIfMissingAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            await _client.PutBucketAsync(new PutBucketRequest { BucketName = _options.BucketName }, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonS3Exception e) when (e.ErrorCode is "BucketAlreadyOwnedByYou" or "BucketAlreadyExists")
        {
            // BucketAlreadyExists may also mean someone else owns it: the bucket check below tells access denied apart.
        }
        catch (Exception e) when (S3Errors.Map(e, "create bucket of", null, Location, cancellationToken) is { } mapped)
        {
            throw mapped;
        }

        _bucketCheck.Reset();
        await EnsureBucketCheckedAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Disposes the client if this backend created it.</summary>
    public void Dispose()
    {
        if (_ownsClient)
        {
            _client.Dispose();
        }
    }

    // The SDK reports a body that fails its ETag as a client exception about the hash, and an ETag it cannot parse (a
    // store caught mid-write) as an ArgumentOutOfRangeException about the hex.
    internal static bool IsChecksumMismatch(Exception e) =>
        e is AmazonClientException && e.Message.Contains("hash", StringComparison.OrdinalIgnoreCase)
        || e is ArgumentOutOfRangeException { ParamName: "hex" };

    private string KeyOf(string name)
    {
        StorageNames.Validate(name);
        return _keyPrefix + name;
    }

    // 412: the object exists. (A 409 ConditionalRequestConflict means a racing write was still in flight: it is transient,
    // and the retry gets the 412 or succeeds.)
    private static bool IsPreconditionFailure(AmazonS3Exception e) => e.StatusCode == HttpStatusCode.PreconditionFailed;

    private static DateTimeOffset? ToOffset(DateTime? time) =>
        time is { } t ? new DateTimeOffset(t.ToUniversalTime(), TimeSpan.Zero) : null;

    private static ArgumentOutOfRangeException OutOfRange(string name, long offset, int length, long? objectLength) =>
        new(nameof(offset), offset, $"Range {offset}+{length} lies outside object '{name}'{(objectLength is { } l ? $" of {l} bytes" : string.Empty)}.");

    private static S3StorageOptions Validated(S3StorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return options;
    }
}
