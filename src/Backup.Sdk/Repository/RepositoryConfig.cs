using Backup.Sdk.Chunking;
using Backup.Sdk.Compression;

namespace Backup.Sdk.Repository;

/// <summary>The settings fixed when a repository is created, read from its <c>config</c> object.</summary>
public sealed class RepositoryConfig
{
    /// <summary>The newest repository format version this code reads and writes.</summary>
    public const int CurrentFormatVersion = 1;

    internal RepositoryConfig(int formatVersion, string repositoryId, DateTimeOffset created, ChunkerParameters chunker, CompressionAlgorithm compression, int compressionLevel, int packSize)
    {
        FormatVersion = formatVersion;
        RepositoryId = repositoryId;
        Created = created;
        Chunker = chunker;
        Compression = compression;
        CompressionLevel = compressionLevel;
        PackSize = packSize;
    }

    /// <summary>The format version the repository is written in.</summary>
    public int FormatVersion { get; }

    /// <summary>The repository id, 32 hex characters.</summary>
    public string RepositoryId { get; }

    /// <summary>When the repository was created.</summary>
    public DateTimeOffset Created { get; }

    /// <summary>The chunker parameters; fixed for the life of the repository so that deduplication keeps working.</summary>
    public ChunkerParameters Chunker { get; }

    /// <summary>The default compression of new blobs.</summary>
    public CompressionAlgorithm Compression { get; }

    /// <summary>The zstd level for new blobs.</summary>
    public int CompressionLevel { get; }

    /// <summary>The target size of pack files in bytes.</summary>
    public int PackSize { get; }
}
