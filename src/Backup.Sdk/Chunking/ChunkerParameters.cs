using System.Numerics;

namespace Backup.Sdk.Chunking;

/// <summary>
/// The chunking settings of a repository, stored in its config. Immutable; call <see cref="Validate"/> before use (the
/// chunkers do).
/// </summary>
public sealed class ChunkerParameters
{
    /// <summary>The smallest <see cref="MinSize"/> allowed: 64 bytes, one full window of the gear hash.</summary>
    public const int SmallestMinSize = 64;

    /// <summary>The largest <see cref="MaxSize"/> (and fixed chunk size) allowed: 64 MiB.</summary>
    public const int LargestMaxSize = 64 * 1024 * 1024;

    /// <summary>The smallest fixed chunk size allowed: 4 KiB.</summary>
    public const int SmallestFixedSize = 4 * 1024;

    /// <summary>Creates parameters; the defaults are FastCDC with 512 KiB / 1 MiB / 8 MiB.</summary>
    /// <param name="algorithm">The chunking algorithm.</param>
    /// <param name="minSize">The smallest chunk (FastCDC only).</param>
    /// <param name="averageSize">The average chunk for FastCDC (a power of two), the chunk size for <see cref="ChunkerAlgorithm.Fixed"/>.</param>
    /// <param name="maxSize">The largest chunk (FastCDC only).</param>
    public ChunkerParameters(
        ChunkerAlgorithm algorithm = ChunkerAlgorithm.FastCdc,
        int minSize = 512 * 1024,
        int averageSize = 1024 * 1024,
        int maxSize = 8 * 1024 * 1024)
    {
        Algorithm = algorithm;
        MinSize = minSize;
        AverageSize = averageSize;
        MaxSize = maxSize;
    }

    /// <summary>The default parameters: FastCDC, 512 KiB / 1 MiB / 8 MiB.</summary>
    public static ChunkerParameters Default { get; } = new();

    /// <summary>The chunking algorithm.</summary>
    public ChunkerAlgorithm Algorithm { get; }

    /// <summary>The smallest chunk in bytes, except the last one of a stream (FastCDC only).</summary>
    public int MinSize { get; }

    /// <summary>The target average chunk in bytes for FastCDC (a power of two); the chunk size for <see cref="ChunkerAlgorithm.Fixed"/>.</summary>
    public int AverageSize { get; }

    /// <summary>The largest chunk in bytes (FastCDC only).</summary>
    public int MaxSize { get; }

    /// <summary>The largest chunk a chunker made from these parameters returns.</summary>
    public int MaxChunkSize => Algorithm == ChunkerAlgorithm.Fixed ? AverageSize : MaxSize;

    /// <summary>Creates fixed-size parameters.</summary>
    /// <param name="chunkSize">The chunk size, 4 KiB to 64 MiB.</param>
    public static ChunkerParameters FixedSize(int chunkSize) => new(ChunkerAlgorithm.Fixed, chunkSize, chunkSize, chunkSize);

    /// <summary>Checks that the parameters describe a usable chunker.</summary>
    /// <exception cref="ArgumentException">A size is out of range or the sizes are inconsistent; the message says which.</exception>
    public void Validate()
    {
        switch (Algorithm)
        {
            case ChunkerAlgorithm.Fixed:
                if (AverageSize is < SmallestFixedSize or > LargestMaxSize)
                {
                    throw new ArgumentException(
                        $"The fixed chunk size (AverageSize) must be between {SmallestFixedSize} and {LargestMaxSize} bytes, not {AverageSize}.");
                }

                break;

            case ChunkerAlgorithm.FastCdc:
                if (MinSize < SmallestMinSize)
                {
                    throw new ArgumentException($"MinSize must be at least {SmallestMinSize} bytes, not {MinSize}.");
                }

                if (MinSize >= AverageSize || AverageSize >= MaxSize)
                {
                    throw new ArgumentException(
                        $"FastCDC needs MinSize < AverageSize < MaxSize; got {MinSize} / {AverageSize} / {MaxSize}.");
                }

                if (!BitOperations.IsPow2(AverageSize))
                {
                    throw new ArgumentException($"FastCDC needs AverageSize to be a power of two, not {AverageSize}.");
                }

                if (MaxSize > LargestMaxSize)
                {
                    throw new ArgumentException($"MaxSize must be at most {LargestMaxSize} bytes, not {MaxSize}.");
                }

                break;

            default:
                throw new ArgumentException($"Unknown chunker algorithm {Algorithm}.");
        }
    }

    /// <inheritdoc/>
    public override string ToString() => Algorithm == ChunkerAlgorithm.Fixed
        ? $"fixed {AverageSize}"
        : $"fastcdc {MinSize}/{AverageSize}/{MaxSize}";
}
