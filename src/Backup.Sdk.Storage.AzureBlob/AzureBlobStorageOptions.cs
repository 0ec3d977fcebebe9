using Azure.Core;

namespace Backup.Sdk.Storage.AzureBlob;

/// <summary>Options of <see cref="AzureBlobStorageBackend"/>. Checked by <see cref="Validate"/> when a backend is created.</summary>
public sealed class AzureBlobStorageOptions
{
    /// <summary>The container. Required: 3 to 63 lowercase letters, digits and single hyphens.</summary>
    public string ContainerName { get; set; } = string.Empty;

    /// <summary>The blob name prefix under which the repository lives, e.g. <c>host1</c> (no leading or trailing <c>/</c>); empty for the container's root.</summary>
    public string Prefix { get; set; } = string.Empty;

    /// <summary>A storage account connection string (account key or SAS). Give this, or <see cref="ServiceUri"/> with <see cref="Credential"/>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The account's blob endpoint, e.g. <c>https://myaccount.blob.core.windows.net</c>, used with <see cref="Credential"/>.</summary>
    public Uri? ServiceUri { get; set; }

    /// <summary>A token credential (Microsoft Entra ID), e.g. <c>DefaultAzureCredential</c> from Azure.Identity, used with <see cref="ServiceUri"/>.</summary>
    public TokenCredential? Credential { get; set; }

    /// <summary>The access tier of new blobs (<c>Hot</c>, <c>Cool</c>, <c>Cold</c>); <see langword="null"/> for the account's default. Archive is refused: archived blobs cannot be read.</summary>
    public string? AccessTier { get; set; }

    /// <summary>Blobs of more than this many bytes are uploaded as staged blocks. Default 64 MiB.</summary>
    public int SingleUploadThreshold { get; set; } = 64 << 20;

    /// <summary>The size of each staged block. Default 16 MiB.</summary>
    public int BlockSize { get; set; } = 16 << 20;

    /// <summary>How many blobs one listing request asks for (1 to 5,000).</summary>
    public int ListPageSize { get; set; } = 5000;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first option that is wrong.</summary>
    /// <exception cref="ArgumentException">An option is missing or out of range.</exception>
    public void Validate()
    {
        if (!IsValidContainerName(ContainerName))
        {
            throw new ArgumentException($"Azure Blob: '{ContainerName}' is not a valid container name (3 to 63 lowercase letters, digits and single hyphens, starting with a letter or digit).", nameof(ContainerName));
        }

        if (Prefix.Length > 0 && !StorageNames.IsValid(Prefix))
        {
            throw new ArgumentException($"Azure Blob: '{Prefix}' is not a valid prefix (segments of letters, digits, '.', '_' and '-' separated by '/', no leading or trailing '/').", nameof(Prefix));
        }

        var hasConnectionString = !string.IsNullOrWhiteSpace(ConnectionString);
        var hasToken = ServiceUri is not null || Credential is not null;
        if (hasConnectionString == hasToken || (hasToken && (ServiceUri is null || Credential is null)))
        {
            throw new ArgumentException($"Azure Blob: give either {nameof(ConnectionString)}, or {nameof(ServiceUri)} together with {nameof(Credential)}.", nameof(ConnectionString));
        }

        if (AccessTier is { } tier && !(tier.Equals("Hot", StringComparison.OrdinalIgnoreCase) || tier.Equals("Cool", StringComparison.OrdinalIgnoreCase) || tier.Equals("Cold", StringComparison.OrdinalIgnoreCase)))
        {
            throw new ArgumentException($"Azure Blob: access tier '{tier}' is not one of Hot, Cool, Cold.", nameof(AccessTier));
        }

        if (BlockSize < 1 << 20 || SingleUploadThreshold < BlockSize)
        {
            throw new ArgumentException($"Azure Blob: {nameof(BlockSize)} must be at least 1 MiB and {nameof(SingleUploadThreshold)} at least {nameof(BlockSize)}.", nameof(BlockSize));
        }

        if (ListPageSize is < 1 or > 5000)
        {
            throw new ArgumentException($"Azure Blob: {nameof(ListPageSize)} must lie between 1 and 5000.", nameof(ListPageSize));
        }
    }

    private static bool IsValidContainerName(string? name)
    {
        if (name is null || name.Length is < 3 or > 63 || !char.IsAsciiLetterOrDigit(name[0]) || name[^1] == '-' || name.Contains("--", StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
            {
                return false;
            }
        }

        return true;
    }
}
