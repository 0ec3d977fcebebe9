namespace Backup.Sdk.Chunking;

/// <summary>
/// Splits content into chunks of one size, the last one shorter. Suited to block volumes and databases whose changes stay
/// aligned; content-defined chunking (<see cref="FastCdcChunker"/>) is better for files, where insertions shift bytes.
/// Immutable and thread-safe.
/// </summary>
public sealed class FixedSizeChunker : IChunker
{
    /// <summary>Creates a chunker.</summary>
    /// <param name="chunkSize">The chunk size, <see cref="ChunkerParameters.SmallestFixedSize"/> (4 KiB) to <see cref="ChunkerParameters.LargestMaxSize"/> (64 MiB).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="chunkSize"/> is out of range.</exception>
    public FixedSizeChunker(int chunkSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSize, ChunkerParameters.SmallestFixedSize);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(chunkSize, ChunkerParameters.LargestMaxSize);
        ChunkSize = chunkSize;
    }

    /// <summary>The size of every chunk but the last.</summary>
    public int ChunkSize { get; }

    /// <inheritdoc/>
    public int MaxChunkSize => ChunkSize;

    /// <inheritdoc/>
    public int FindChunkEnd(ReadOnlySpan<byte> data, bool isFinalBlock)
    {
        if (data.Length >= ChunkSize)
        {
            return ChunkSize;
        }

        return isFinalBlock ? data.Length : 0;
    }
}
