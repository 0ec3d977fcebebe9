using System.Runtime.CompilerServices;
using Azure;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace Backup.Sdk.Storage.AzureBlob;

/// <summary>
/// An <see cref="IStorageBackend"/> over an Azure Blob Storage container: each object is the block blob
/// <c>&lt;prefix&gt;/&lt;name&gt;</c>.
/// </summary>
/// <remarks>
/// <para>A put is one upload, or staged blocks committed by one block list from
/// <see cref="AzureBlobStorageOptions.SingleUploadThreshold"/> bytes on; either becomes visible whole or not at all. Every
/// request carries an MD5 the service checks, so a body damaged on the way is refused.
/// <see cref="PutMode.CreateOnly"/> sends <c>If-None-Match: *</c>, which Azure Storage (and Azurite) enforce atomically:
/// of racing writers exactly one succeeds. <see cref="DetectConditionalWritesAsync"/> (which opening a repository calls)
/// checks that the store really does; after it found a store that does not, create-only puts check, then put.</para>
/// <para>A missing container or refused credentials fail with a clear <see cref="StorageUnavailableException"/> that is
/// not transient. Transient failures are retried by the Azure SDK's own policy first.</para>
/// </remarks>
public sealed partial class AzureBlobStorageBackend : IStorageBackend, ICreatableStorage, IConditionalWriteProbe
{
    private readonly BlobContainerClient _container;
    private readonly AzureBlobStorageOptions _options;
    private readonly string _keyPrefix;
    private readonly AccessTier? _accessTier;
    private readonly NameTurns _createOnlyTurns = new();
    private readonly RememberedCheck<bool> _conditionalWriteProbe;

    /// <summary>Creates a backend with its own client, configured from <paramref name="options"/>.</summary>
    /// <param name="options">The container, prefix, credentials and behaviour; validated.</param>
    /// <exception cref="ArgumentException">An option is wrong.</exception>
    public AzureBlobStorageBackend(AzureBlobStorageOptions options)
        : this(CreateClient(Validated(options)), options)
    {
    }

    /// <summary>Creates a backend over a container client the caller configured.</summary>
    /// <param name="container">The container client.</param>
    /// <param name="options">The prefix and behaviour (the container and credentials are the client's); the prefix is validated.</param>
    public AzureBlobStorageBackend(BlobContainerClient container, AzureBlobStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(container);
        ArgumentNullException.ThrowIfNull(options);
        _container = container;
        _options = options;
        _keyPrefix = options.Prefix.Length == 0 ? string.Empty : options.Prefix + "/";
        if (options.AccessTier is { Length: > 0 } tier)
        {
            _accessTier = new AccessTier(char.ToUpperInvariant(tier[0]) + tier[1..].ToLowerInvariant());
        }
        Location = $"azure:{container.Name}{(options.Prefix.Length == 0 ? string.Empty : "/" + options.Prefix)}";
        _conditionalWriteProbe = new RememberedCheck<bool>(ProbeConditionalWritesAsync);
    }

    /// <inheritdoc />
    public string Location { get; }

    /// <inheritdoc />
    public async Task PutAsync(string name, ReadOnlyMemory<byte> content, PutMode mode = PutMode.Overwrite, CancellationToken cancellationToken = default)
    {
        var blob = BlobOf(name);
        if (mode is not (PutMode.Overwrite or PutMode.CreateOnly))
        {
            throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown put mode.");
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (mode == PutMode.CreateOnly && ConditionalWritesHonoured == false)
        {
            await PutIfAbsentWithoutConditionAsync(name, blob, content, cancellationToken).ConfigureAwait(false);
            return;
        }

        try
        {
            await UploadAsync(blob, content, conditional: mode == PutMode.CreateOnly, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (mode == PutMode.CreateOnly && IsAlreadyExists(e))
        {
            throw new ObjectAlreadyExistsException(name, e);
        }
        catch (Exception e) when (AzureBlobErrors.Map(e, "write", name, Location, cancellationToken) is { } mapped)
        {
            throw mapped;
        }
    }

    /// <inheritdoc />
    public async Task<byte[]> GetAsync(string name, CancellationToken cancellationToken = default)
    {
        var blob = BlobOf(name);
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            var response = await blob.DownloadContentAsync(cancellationToken).ConfigureAwait(false);
            return response.Value.Content.ToArray();
        }
        catch (Exception e) when (AzureBlobErrors.Map(e, "read", name, Location, cancellationToken) is { } mapped)
        {
            throw mapped;
        }
    }

    /// <inheritdoc />
    public async Task ReadAsync(string name, long offset, Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        var blob = BlobOf(name);
        cancellationToken.ThrowIfCancellationRequested();
        if (offset < 0 || offset > long.MaxValue - destination.Length)
        {
            throw OutOfRange(name, offset, destination.Length);
        }

        if (destination.Length == 0)
        {
            // A range cannot be empty: an empty read only needs the object to exist and the offset to lie inside it.
            var stat = await StatAsync(name, cancellationToken).ConfigureAwait(false) ?? throw new ObjectNotFoundException(name);
            if (offset > stat.Length)
            {
                throw OutOfRange(name, offset, 0);
            }

            return;
        }

        try
        {
            var options = new BlobDownloadOptions { Range = new HttpRange(offset, destination.Length) };
            var response = await blob.DownloadStreamingAsync(options, cancellationToken).ConfigureAwait(false);
            using var download = response.Value;

            // A range that runs past the end is answered with the bytes that exist; the contract wants all or an error.
            if (download.Details.ContentLength != destination.Length)
            {
                throw OutOfRange(name, offset, destination.Length);
            }

            await download.Content.ReadExactlyAsync(destination, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status == 416)
        {
            throw OutOfRange(name, offset, destination.Length);
        }
        catch (Exception e) when (AzureBlobErrors.Map(e, "read", name, Location, cancellationToken) is { } mapped)
        {
            throw mapped;
        }
    }

    /// <inheritdoc />
    public async Task<StorageObjectInfo?> StatAsync(string name, CancellationToken cancellationToken = default)
    {
        var blob = BlobOf(name);
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            var properties = (await blob.GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
            return new StorageObjectInfo(name, properties.ContentLength, properties.LastModified);
        }
        catch (RequestFailedException e) when (e.Status == 404 && e.ErrorCode != "ContainerNotFound")
        {
            return null;
        }
        catch (Exception e) when (AzureBlobErrors.Map(e, "stat", name, Location, cancellationToken) is { } mapped)
        {
            throw mapped;
        }
    }

    /// <inheritdoc />
    public async Task DeleteAsync(string name, CancellationToken cancellationToken = default)
    {
        var blob = BlobOf(name);
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            await blob.DeleteIfExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (AzureBlobErrors.Map(e, "delete", name, Location, cancellationToken) is { } mapped)
        {
            throw mapped;
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<StorageObjectInfo> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        StorageNames.ValidatePrefix(prefix);
        cancellationToken.ThrowIfCancellationRequested();
        var pages = _container.GetBlobsAsync(new GetBlobsOptions { Prefix = _keyPrefix + prefix }, cancellationToken)
            .AsPages(pageSizeHint: _options.ListPageSize)
            .GetAsyncEnumerator(cancellationToken);
        await using (pages.ConfigureAwait(false))
        {
            while (true)
            {
                try
                {
                    if (!await pages.MoveNextAsync().ConfigureAwait(false))
                    {
                        yield break;
                    }
                }
                catch (Exception e) when (AzureBlobErrors.Map(e, "list", prefix + "*", Location, cancellationToken) is { } mapped)
                {
                    throw mapped;
                }

                foreach (var item in pages.Current.Values)
                {
                    var name = item.Name[_keyPrefix.Length..];
                    if (StorageNames.IsValid(name))
                    {
                        yield return new StorageObjectInfo(name, item.Properties.ContentLength ?? 0, item.Properties.LastModified);
                    }
                }
            }
        }
    }

    /// <inheritdoc />
    public async Task CreateIfMissingAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await _container.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (AzureBlobErrors.Map(e, "create container of", null, Location, cancellationToken) is { } mapped)
        {
            throw mapped;
        }
    }

    private BlobClient BlobOf(string name)
    {
        StorageNames.Validate(name);
        return _container.GetBlobClient(_keyPrefix + name);
    }

    private Task<Response<BlobContentInfo>> UploadAsync(BlobClient blob, ReadOnlyMemory<byte> content, bool conditional, CancellationToken cancellationToken)
    {
        var options = new BlobUploadOptions
        {
            Conditions = conditional ? new BlobRequestConditions { IfNoneMatch = ETag.All } : null,
            AccessTier = _accessTier,
            TransferOptions = new StorageTransferOptions
            {
                InitialTransferSize = _options.SingleUploadThreshold,
                MaximumTransferSize = _options.BlockSize,
                MaximumConcurrency = 4,
            },
            TransferValidation = new UploadTransferValidationOptions { ChecksumAlgorithm = StorageChecksumAlgorithm.MD5 },
        };
        return blob.UploadAsync(BinaryData.FromBytes(content), options, cancellationToken);
    }

    private static ArgumentOutOfRangeException OutOfRange(string name, long offset, int length) =>
        new(nameof(offset), offset, $"Range {offset}+{length} lies outside object '{name}'.");

    private static BlobContainerClient CreateClient(AzureBlobStorageOptions options) =>
        options.ConnectionString is { Length: > 0 } connectionString
            ? new BlobContainerClient(connectionString, options.ContainerName)
            : new BlobContainerClient(new Uri(options.ServiceUri!, options.ContainerName), options.Credential!);

    private static AzureBlobStorageOptions Validated(AzureBlobStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return options;
    }
}
