using ZstdSharp;

namespace Backup.Sdk.Compression;

/// <summary>
/// Zstandard through ZstdSharp (a managed port: no native library to ship). Each call produces one zstd frame that records
/// its content size. Thread-safe: the contexts, which are not, are cached one per thread and reused, so a call allocates
/// nothing once a thread has its contexts.
/// </summary>
public sealed class ZstdCompressor : ICompressor
{
    /// <summary>The default level, 3: zstd's own default, a good balance of speed and ratio for backups.</summary>
    public const int DefaultLevel = 3;

    /// <summary>The lowest level accepted.</summary>
    public const int MinLevel = 1;

    /// <summary>The highest level accepted.</summary>
    public const int MaxLevel = 22;

    [ThreadStatic]
    private static Compressor? _threadCompressor;

    [ThreadStatic]
    private static Decompressor? _threadDecompressor;

    /// <summary>Creates a compressor.</summary>
    /// <param name="level">The zstd level, <see cref="MinLevel"/> to <see cref="MaxLevel"/>; higher is smaller and slower.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="level"/> is out of range.</exception>
    public ZstdCompressor(int level = DefaultLevel)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(level, MinLevel);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(level, MaxLevel);
        Level = level;
    }

    /// <summary>A compressor at the default level, shared.</summary>
    public static ZstdCompressor Default { get; } = new();

    /// <summary>The zstd compression level.</summary>
    public int Level { get; }

    /// <inheritdoc/>
    public CompressionAlgorithm Algorithm => CompressionAlgorithm.Zstd;

    /// <inheritdoc/>
    public int GetMaxCompressedLength(int sourceLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sourceLength);
        return Compressor.GetCompressBound(sourceLength);
    }

    /// <inheritdoc/>
    public int Compress(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        var compressor = _threadCompressor ??= new Compressor(Level);

        // One context per thread serves every instance: the level is a cheap parameter change.
        compressor.Level = Level;
        return compressor.TryWrap(source, destination, out var written) ? written : -1;
    }

    /// <inheritdoc/>
    /// <remarks>
    /// zstd decompresses straight into <paramref name="destination"/> and stops with an error rather than write past it, so
    /// a frame that declares (or expands to) more bytes costs no memory; a frame that declares or produces a different
    /// length, or is truncated or malformed, gives an <see cref="InvalidDataException"/>.
    /// </remarks>
    public void Decompress(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        var decompressor = _threadDecompressor ??= new Decompressor();
        int written;
        try
        {
            if (!decompressor.TryUnwrap(source, destination, out written))
            {
                throw new InvalidDataException(
                    $"The zstd frame decompresses to more than the {destination.Length} bytes the blob declares.");
            }
        }
        catch (ZstdException exception)
        {
            throw new InvalidDataException(
                $"The zstd frame is malformed or does not decompress to the {destination.Length} bytes the blob declares: {exception.Message}",
                exception);
        }

        if (written != destination.Length)
        {
            throw new InvalidDataException(
                $"The zstd frame decompresses to {written} bytes, not the {destination.Length} bytes the blob declares.");
        }
    }
}
