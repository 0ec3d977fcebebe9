using System.Buffers;
using Microsoft.Win32.SafeHandles;

namespace Backup.Sdk.IO;

/// <summary>
/// Copies byte ranges between streams or files through two pooled buffers, reading the next block while the previous one
/// is written. The block-copy primitive of block volumes (copy-on-write, restores in place).
/// </summary>
/// <remarks>
/// A copy stops early, without error, when the source ends: the methods return the bytes copied, which is less than the
/// count asked for only then, so a caller that needs the whole range compares the two. Source and destination ranges must
/// not overlap (the next block is read before the previous one is written).
/// </remarks>
public static class BlockCopier
{
    /// <summary>The default block size: 1 MiB.</summary>
    public const int DefaultBufferSize = 1024 * 1024;

    /// <summary>
    /// Copies up to <paramref name="count"/> bytes from the current position of <paramref name="source"/> to the current
    /// position of <paramref name="destination"/>.
    /// </summary>
    /// <param name="source">The stream to read.</param>
    /// <param name="destination">The stream to write.</param>
    /// <param name="count">The bytes to copy; 0 copies nothing.</param>
    /// <param name="bufferSize">The size of each of the two blocks.</param>
    /// <param name="cancellationToken">Cancels the copy between or during blocks.</param>
    /// <returns>The bytes copied: <paramref name="count"/>, or fewer when <paramref name="source"/> ended first.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative or <paramref name="bufferSize"/> is not positive.</exception>
    public static async Task<long> CopyAsync(
        Stream source,
        Stream destination,
        long count,
        int bufferSize = DefaultBufferSize,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bufferSize);
        if (count == 0)
        {
            return 0;
        }

        return await PumpAsync(
            (buffer, _, ct) => source.ReadAsync(buffer, ct),
            (buffer, _, ct) => destination.WriteAsync(buffer, ct),
            count,
            bufferSize,
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Copies up to <paramref name="count"/> bytes from <paramref name="sourceOffset"/> of one file to
    /// <paramref name="destinationOffset"/> of another with positioned I/O (<see cref="RandomAccess"/>), leaving no file
    /// position changed. The destination grows as needed.
    /// </summary>
    /// <param name="source">The file to read, opened for reading.</param>
    /// <param name="sourceOffset">Where to start reading.</param>
    /// <param name="destination">The file to write, opened for writing.</param>
    /// <param name="destinationOffset">Where to start writing.</param>
    /// <param name="count">The bytes to copy; 0 copies nothing.</param>
    /// <param name="bufferSize">The size of each of the two blocks.</param>
    /// <param name="cancellationToken">Cancels the copy between or during blocks.</param>
    /// <returns>
    /// The bytes copied: <paramref name="count"/>, or fewer when the source file ends first (0 when
    /// <paramref name="sourceOffset"/> is at or past its end).
    /// </returns>
    /// <exception cref="ArgumentOutOfRangeException">An offset or the count is negative, or <paramref name="bufferSize"/> is not positive.</exception>
    public static async Task<long> CopyRangeAsync(
        SafeFileHandle source,
        long sourceOffset,
        SafeFileHandle destination,
        long destinationOffset,
        long count,
        int bufferSize = DefaultBufferSize,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentOutOfRangeException.ThrowIfNegative(sourceOffset);
        ArgumentOutOfRangeException.ThrowIfNegative(destinationOffset);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bufferSize);
        if (count == 0)
        {
            return 0;
        }

        return await PumpAsync(
            (buffer, copied, ct) => RandomAccess.ReadAsync(source, buffer, sourceOffset + copied, ct),
            (buffer, copied, ct) => RandomAccess.WriteAsync(destination, buffer, destinationOffset + copied, ct),
            count,
            bufferSize,
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The copy loop of both entry points: two pooled blocks, the next one read while the previous one is written. The
    /// callbacks get the bytes copied so far, so positioned I/O can place each block.
    /// </summary>
    private static async Task<long> PumpAsync(
        Func<Memory<byte>, long, CancellationToken, ValueTask<int>> read,
        Func<ReadOnlyMemory<byte>, long, CancellationToken, ValueTask> write,
        long count,
        int bufferSize,
        CancellationToken cancellationToken)
    {
        var size = (int)Math.Min(bufferSize, count);
        var current = ArrayPool<byte>.Shared.Rent(size);
        var next = ArrayPool<byte>.Shared.Rent(size);
        try
        {
            long copied = 0;
            var bytesRead = await read(current.AsMemory(0, size), 0, cancellationToken).ConfigureAwait(false);
            while (bytesRead > 0)
            {
                var writing = write(current.AsMemory(0, bytesRead), copied, cancellationToken);
                copied += bytesRead;
                var nextSize = (int)Math.Min(size, count - copied);
                var reading = nextSize > 0 ? read(next.AsMemory(0, nextSize), copied, cancellationToken) : new ValueTask<int>(0);
                bytesRead = await WhenBothAsync(writing, reading).ConfigureAwait(false);
                (current, next) = (next, current);
            }

            return copied;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(next);
            ArrayPool<byte>.Shared.Return(current);
        }
    }

    /// <summary>Waits for a write and the read that overlaps it; returns the bytes read.</summary>
    private static async ValueTask<int> WhenBothAsync(ValueTask write, ValueTask<int> read)
    {
        try
        {
            await write.ConfigureAwait(false);
        }
        catch
        {
            // The read still fills the other buffer: let it finish before the buffers go back to the pool. The write's
            // exception is the one reported.
            await ((Task)read.AsTask()).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            throw;
        }

        return await read.ConfigureAwait(false);
    }
}
