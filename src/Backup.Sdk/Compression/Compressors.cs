namespace Backup.Sdk.Compression;

/// <summary>The compressors that read stored blobs, and the rule that decides whether a blob is stored compressed.</summary>
public static class Compressors
{
    /// <summary>
    /// The compressor that decodes blobs recorded with <paramref name="algorithm"/>. Decompression does not depend on the
    /// level, so the shared instances serve every repository.
    /// </summary>
    /// <exception cref="InvalidDataException">The algorithm is not one this version knows (a corrupt or newer blob).</exception>
    public static ICompressor For(CompressionAlgorithm algorithm) => algorithm switch
    {
        CompressionAlgorithm.None => NoCompressor.Instance,
        CompressionAlgorithm.Zstd => ZstdCompressor.Default,
        _ => throw new InvalidDataException($"Unknown compression algorithm {(byte)algorithm}."),
    };

    /// <summary>
    /// Whether a blob should be stored compressed: only when compression saves at least 1/32 of its size, exactly
    /// <c>32 × (raw - compressed) &gt;= raw</c> and <c>compressed &lt; raw</c> (docs/format.md, "Packs"). Otherwise it is stored
    /// as is (<c>none</c>): incompressible data then costs one header byte instead of five and is read without a
    /// decompression pass.
    /// </summary>
    /// <param name="rawLength">The uncompressed length.</param>
    /// <param name="compressedLength">The compressed length, or a negative value when compression did not fit its buffer.</param>
    public static bool ShouldKeepCompressed(int rawLength, int compressedLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rawLength);
        return compressedLength >= 0
            && compressedLength < rawLength
            && 32L * (rawLength - compressedLength) >= rawLength;
    }
}
