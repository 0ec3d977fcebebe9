namespace Backup.Sdk.Compression;

/// <summary>The compression of a stored blob, recorded in the blob's authenticated header (docs/format.md).</summary>
public enum CompressionAlgorithm : byte
{
    /// <summary>Stored as is.</summary>
    None = 0,

    /// <summary>Zstandard.</summary>
    Zstd = 1,
}

/// <summary>Compresses and decompresses blob payloads. Implementations are thread-safe.</summary>
public interface ICompressor
{
    /// <summary>The algorithm this compressor writes.</summary>
    CompressionAlgorithm Algorithm { get; }

    /// <summary>An upper bound of the compressed size of <paramref name="sourceLength"/> bytes.</summary>
    int GetMaxCompressedLength(int sourceLength);

    /// <summary>Compresses <paramref name="source"/> into <paramref name="destination"/>.</summary>
    /// <returns>The bytes written, or -1 when the result would not fit <paramref name="destination"/>.</returns>
    int Compress(ReadOnlySpan<byte> source, Span<byte> destination);

    /// <summary>
    /// Decompresses <paramref name="source"/> into exactly <paramref name="destination"/>.Length bytes, never writing more:
    /// a forged input cannot make it use more memory than the length the blob declares.
    /// </summary>
    /// <exception cref="InvalidDataException">The input is malformed or does not decompress to exactly that length.</exception>
    void Decompress(ReadOnlySpan<byte> source, Span<byte> destination);
}
