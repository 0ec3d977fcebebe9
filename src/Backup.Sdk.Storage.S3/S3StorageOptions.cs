using Amazon.Runtime;

namespace Backup.Sdk.Storage.S3;

/// <summary>Options of <see cref="S3StorageBackend"/>. Checked by <see cref="Validate"/> when a backend is created.</summary>
public sealed class S3StorageOptions
{
    /// <summary>The smallest part S3 accepts in a multipart upload (except the last part).</summary>
    public const int MinPartSize = 5 << 20;

    /// <summary>The bucket. Required.</summary>
    public string BucketName { get; set; } = string.Empty;

    /// <summary>
    /// The key prefix under which the repository's objects live, e.g. <c>backups/host1</c> (no leading or trailing <c>/</c>);
    /// empty for the bucket's root.
    /// </summary>
    public string Prefix { get; set; } = string.Empty;

    /// <summary>
    /// The region, e.g. <c>eu-west-1</c>. When <see langword="null"/>, the SDK's region chain decides (<c>AWS_REGION</c>,
    /// <c>AWS_DEFAULT_REGION</c>, the profile); with a custom <see cref="ServiceUrl"/> it is only used for signing and
    /// defaults to <c>us-east-1</c>.
    /// </summary>
    public string? Region { get; set; }

    /// <summary>
    /// The endpoint of an S3-compatible store (MinIO, Ceph, s3rver), e.g. <c>http://127.0.0.1:9000</c>; <see langword="null"/>
    /// for AWS itself.
    /// </summary>
    public Uri? ServiceUrl { get; set; }

    /// <summary>
    /// Whether buckets are addressed by path (<c>https://host/bucket/key</c>) rather than by host name
    /// (<c>https://bucket.host/key</c>). <see langword="null"/> (the default) chooses path style for any
    /// <see cref="ServiceUrl"/> that is not under <c>amazonaws.com</c>, because most S3-compatible stores need it.
    /// </summary>
    public bool? ForcePathStyle { get; set; }

    /// <summary>
    /// The credentials; <see langword="null"/> (the default) uses the SDK's default chain: environment variables
    /// (<c>AWS_ACCESS_KEY_ID</c>, <c>AWS_SECRET_ACCESS_KEY</c>, <c>AWS_SESSION_TOKEN</c>), the shared profile, web identity,
    /// container and instance roles.
    /// </summary>
    public AWSCredentials? Credentials { get; set; }

    /// <summary>The storage class of new objects, e.g. <c>STANDARD_IA</c>; <see langword="null"/> for the bucket's default.</summary>
    public string? StorageClass { get; set; }

    /// <summary>Objects of at least this many bytes are uploaded in parts (multipart upload). Default 64 MiB.</summary>
    public int MultipartThreshold { get; set; } = 64 << 20;

    /// <summary>The size of each part of a multipart upload, at least <see cref="MinPartSize"/>. Default 16 MiB.</summary>
    public int PartSize { get; set; } = 16 << 20;

    /// <summary>How many keys one listing request asks for (1 to 1,000; S3 never returns more than 1,000).</summary>
    public int ListPageSize { get; set; } = 1000;

    /// <summary>How create-only puts use conditional writes (<c>If-None-Match: *</c>). Default <see cref="S3ConditionalWrites.Detect"/>.</summary>
    public S3ConditionalWrites ConditionalWrites { get; set; } = S3ConditionalWrites.Detect;

    /// <summary>
    /// Whether a single-part upload's returned ETag is compared with the MD5 of the content sent (besides the
    /// <c>Content-MD5</c> header that the store checks). On by default; turn it off for buckets encrypted with SSE-KMS or
    /// SSE-C, whose ETags are not MD5 digests.
    /// </summary>
    public bool VerifyETag { get; set; } = true;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first option that is wrong.</summary>
    /// <exception cref="ArgumentException">An option is missing or out of range.</exception>
    public void Validate()
    {
        if (!S3BucketNames.IsValid(BucketName))
        {
            throw new ArgumentException($"S3: '{BucketName}' is not a valid bucket name (3 to 63 lowercase letters, digits, '.' and '-').", nameof(BucketName));
        }

        if (Prefix.Length > 0 && !StorageNames.IsValid(Prefix))
        {
            throw new ArgumentException($"S3: '{Prefix}' is not a valid prefix (segments of letters, digits, '.', '_' and '-' separated by '/', no leading or trailing '/').", nameof(Prefix));
        }

        if (ServiceUrl is { } url && (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)))
        {
            throw new ArgumentException($"S3: the service URL '{url}' must be an absolute http or https URL.", nameof(ServiceUrl));
        }

        if (PartSize < MinPartSize)
        {
            throw new ArgumentException($"S3: {nameof(PartSize)} must be at least {MinPartSize} bytes.", nameof(PartSize));
        }

        if (MultipartThreshold < PartSize)
        {
            throw new ArgumentException($"S3: {nameof(MultipartThreshold)} must be at least {nameof(PartSize)}.", nameof(MultipartThreshold));
        }

        if (ListPageSize is < 1 or > 1000)
        {
            throw new ArgumentException($"S3: {nameof(ListPageSize)} must lie between 1 and 1000.", nameof(ListPageSize));
        }

        if (!Enum.IsDefined(ConditionalWrites))
        {
            throw new ArgumentException($"S3: unknown {nameof(ConditionalWrites)} value {ConditionalWrites}.", nameof(ConditionalWrites));
        }
    }

    /// <summary>Whether buckets are addressed by path, after <see cref="ForcePathStyle"/>'s default is applied.</summary>
    public bool UsesPathStyle => ForcePathStyle ?? (ServiceUrl is { } url && !url.Host.EndsWith(".amazonaws.com", StringComparison.OrdinalIgnoreCase));
}

/// <summary>How <see cref="S3StorageBackend"/> makes <see cref="PutMode.CreateOnly"/> puts.</summary>
public enum S3ConditionalWrites
{
    /// <summary>
    /// Send <c>If-None-Match: *</c>, and before the first create-only put check once that the store honours it (a probe
    /// object under <c>.backend/</c>). A store that ignores it is recorded (<see cref="S3StorageBackend.ConditionalWritesHonoured"/>)
    /// and create-only puts then check for an existing object first, which is not atomic against a racing writer.
    /// </summary>
    Detect = 0,

    /// <summary>Like <see cref="Detect"/>, but a store that ignores conditional writes is an error at the first create-only put.</summary>
    Require = 1,

    /// <summary>Never send conditional headers: check for an existing object, then put (for stores that reject the header).</summary>
    Disable = 2,
}
