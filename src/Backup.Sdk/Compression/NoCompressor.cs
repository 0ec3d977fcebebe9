namespace Backup.Sdk.Compression;

/// <summary>Stores bytes as they are (compression <c>none</c>): compressing and decompressing are copies. Thread-safe.</summary>
public sealed class NoCompressor : ICompressor
{
    /// <summary>The shared instance.</summary>
    public static NoCompressor Instance { get; } = new();

    /// <inheritdoc/>
    public CompressionAlgorithm Algorithm => CompressionAlgorithm.None;

    /// <inheritdoc/>
    public int GetMaxCompressedLength(int sourceLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sourceLength);
        return sourceLength;
    }

    /// <inheritdoc/>
    public int Compress(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        if (!source.TryCopyTo(destination))
        {
            return -1;
        }

        return source.Length;
    }

    /// <inheritdoc/>
    public void Decompress(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        if (source.Length != destination.Length)
        {
            throw new InvalidDataException(
                $"The stored payload is {source.Length} bytes, not the {destination.Length} bytes the blob declares.");
        }

        source.CopyTo(destination);
    }
}
