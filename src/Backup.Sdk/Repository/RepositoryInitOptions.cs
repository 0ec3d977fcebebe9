using Backup.Sdk.Chunking;
using Backup.Sdk.Compression;
using Backup.Sdk.Cryptography;

namespace Backup.Sdk.Repository;

/// <summary>The settings of a new repository. Chunker, compression and pack size are fixed in its config.</summary>
public sealed class RepositoryInitOptions
{
    /// <summary>The smallest pack size accepted.</summary>
    public const int MinPackSize = 64 * 1024;

    /// <summary>The largest pack size accepted.</summary>
    public const int MaxPackSize = 1024 * 1024 * 1024;

    /// <summary>The chunker parameters. Default: FastCDC 512 KiB / 1 MiB / 8 MiB.</summary>
    public ChunkerParameters Chunker { get; set; } = new();

    /// <summary>The default compression of new blobs. Default: zstd.</summary>
    public CompressionAlgorithm Compression { get; set; } = CompressionAlgorithm.Zstd;

    /// <summary>The zstd level. Default 3.</summary>
    public int CompressionLevel { get; set; } = 3;

    /// <summary>The target pack size in bytes. Default 16 MiB.</summary>
    public int PackSize { get; set; } = 16 * 1024 * 1024;

    /// <summary>The password hashing parameters of the first key; <see langword="null"/> calibrates them to about half a second.</summary>
    public KdfParameters? Kdf { get; set; }

    /// <summary>The host recorded in the first key; defaults to the machine name.</summary>
    public string? Hostname { get; set; }

    /// <summary>The user recorded in the first key; defaults to the current user.</summary>
    public string? Username { get; set; }

    /// <summary>Throws <see cref="ArgumentException"/> when a value is out of range.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Chunker);
        Chunker.Validate();
        if (!Enum.IsDefined(Compression))
        {
            throw new ArgumentException($"Unknown compression {Compression}.");
        }

        if (Compression == CompressionAlgorithm.Zstd && CompressionLevel is < 1 or > 22)
        {
            throw new ArgumentException($"The zstd level must be between 1 and 22, not {CompressionLevel}.");
        }

        if (PackSize is < MinPackSize or > MaxPackSize)
        {
            throw new ArgumentException($"The pack size must be between {MinPackSize} and {MaxPackSize} bytes, not {PackSize}.");
        }
    }
}
