using System.Text.Json;
using Backup.Sdk.Chunking;
using Backup.Sdk.Compression;

namespace Backup.Sdk.Repository.Serialization;

/// <summary>The JSON plaintext of the <c>config</c> object.</summary>
internal static class RepositoryConfigCodec
{
    public const string ObjectName = "config";

    public static byte[] Encode(RepositoryConfig config)
    {
        var document = new RepositoryConfigDocument
        {
            Version = config.FormatVersion,
            Id = config.RepositoryId,
            Created = config.Created,
            Chunker = new RepositoryConfigDocument.ChunkerDocument
            {
                Algorithm = config.Chunker.Algorithm == ChunkerAlgorithm.Fixed ? "fixed" : "fastcdc",
                MinSize = config.Chunker.MinSize,
                AverageSize = config.Chunker.AverageSize,
                MaxSize = config.Chunker.MaxSize,
            },
            Compression = new RepositoryConfigDocument.CompressionDocument
            {
                Algorithm = config.Compression == CompressionAlgorithm.Zstd ? "zstd" : "none",
                Level = config.CompressionLevel,
            },
            PackSize = config.PackSize,
        };
        return JsonSerializer.SerializeToUtf8Bytes(document, RepositoryJsonContext.Default.RepositoryConfigDocument);
    }

    /// <exception cref="CorruptObjectException">The config is malformed.</exception>
    /// <exception cref="UnsupportedFormatVersionException">The config is of a newer version.</exception>
    public static RepositoryConfig Decode(ReadOnlySpan<byte> json, string expectedRepositoryId)
    {
        var document = JsonObjectReader.Read(json, RepositoryJsonContext.Default.RepositoryConfigDocument, ObjectName, "config");

        if (document.Version > RepositoryConfig.CurrentFormatVersion)
        {
            throw new UnsupportedFormatVersionException(ObjectName, document.Version, RepositoryConfig.CurrentFormatVersion);
        }

        if (!string.Equals(document.Id, expectedRepositoryId, StringComparison.Ordinal))
        {
            throw new RepositoryMismatchException(ObjectName, expectedRepositoryId, document.Id);
        }

        var algorithm = document.Chunker.Algorithm switch
        {
            "fastcdc" => ChunkerAlgorithm.FastCdc,
            "fixed" => ChunkerAlgorithm.Fixed,
            var other => throw new CorruptObjectException(ObjectName, $"unknown chunker '{other}'"),
        };
        var compression = document.Compression.Algorithm switch
        {
            "zstd" => CompressionAlgorithm.Zstd,
            "none" => CompressionAlgorithm.None,
            var other => throw new CorruptObjectException(ObjectName, $"unknown compression '{other}'"),
        };
        ChunkerParameters chunker;
        try
        {
            chunker = new ChunkerParameters(algorithm, document.Chunker.MinSize, document.Chunker.AverageSize, document.Chunker.MaxSize);
            chunker.Validate();
        }
        catch (ArgumentException ex)
        {
            throw new CorruptObjectException(ObjectName, "the chunker parameters are invalid", ex);
        }

        if (document.PackSize is < RepositoryInitOptions.MinPackSize or > RepositoryInitOptions.MaxPackSize)
        {
            throw new CorruptObjectException(ObjectName, $"the pack size {document.PackSize} is out of range");
        }

        return new RepositoryConfig(document.Version, document.Id, document.Created, chunker, compression, document.Compression.Level, document.PackSize);
    }
}
