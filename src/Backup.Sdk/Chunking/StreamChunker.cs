using System.Buffers;
using System.Runtime.CompilerServices;
using Backup.Sdk.IO;

namespace Backup.Sdk.Chunking;

/// <summary>Reads a stream and splits it into chunks with an <see cref="IChunker"/>, through one pooled buffer.</summary>
public static class StreamChunker
{
    /// <summary>How far past one largest chunk the window reads: 1 MiB.</summary>
    private const int ReadAheadLength = 1024 * 1024;

    /// <summary>
    /// Reads <paramref name="source"/> to its end and yields its chunks in order. The chunks are the same whatever sizes the
    /// stream's reads return: the chunker is given the window's bytes, and where it finds no boundary among fewer than
    /// <see cref="IChunker.MaxChunkSize"/> of them (it returns 0, as <see cref="IChunker.FindChunkEnd"/> allows), the window is
    /// filled up and the chunker asked again.
    /// </summary>
    /// <remarks>
    /// Each yielded chunk is a view of one pooled window of <see cref="IChunker.MaxChunkSize"/> plus 1 MiB (at most twice
    /// <see cref="IChunker.MaxChunkSize"/>), and is valid only until the next call of <c>MoveNextAsync</c> or the disposal of the
    /// enumerator: copy it (or finish with it) before asking for the next one. The buffer returns to the pool when the
    /// enumeration completes or is disposed. An empty stream yields no chunk. The stream is not disposed.
    /// </remarks>
    /// <param name="source">The stream to read, from its current position.</param>
    /// <param name="chunker">Where to cut.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    public static IAsyncEnumerable<ReadOnlyMemory<byte>> ReadChunksAsync(
        Stream source, IChunker chunker, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(chunker);
        if (!source.CanRead)
        {
            throw new ArgumentException("The stream is not readable.", nameof(source));
        }

        var maxChunkSize = chunker.MaxChunkSize;
        if (maxChunkSize <= 0 || maxChunkSize > Array.MaxLength / 2)
        {
            throw new ArgumentException($"The chunker's MaxChunkSize ({maxChunkSize}) is out of range.", nameof(chunker));
        }

        return ReadChunksCoreAsync(source, chunker, maxChunkSize, cancellationToken);
    }

    /// <summary>
    /// The window: one largest chunk plus up to <see cref="ReadAheadLength"/>. A window of twice the largest chunk would
    /// move data less often, but every worker holds one, resident in full.
    /// </summary>
    internal static int WindowLength(int maxChunkSize) => maxChunkSize + Math.Min(maxChunkSize, ReadAheadLength);

    private static async IAsyncEnumerable<ReadOnlyMemory<byte>> ReadChunksCoreAsync(
        Stream source, IChunker chunker, int maxChunkSize, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var window = WindowLength(maxChunkSize);
        var buffer = LargeBuffers.Windows.Rent(window);
        try
        {
            var start = 0; // first byte not yet yielded
            var end = 0; // end of the bytes read
            var endOfStream = false;
            while (true)
            {
                var available = end - start;
                var length = available > 0 ? chunker.FindChunkEnd(buffer.AsSpan(start, available), endOfStream) : 0;
                if (length < 0 || length > available || (length == 0 && available > 0 && (endOfStream || available >= maxChunkSize)))
                {
                    throw new InvalidOperationException(
                        $"The chunker returned {length} for {available} bytes (final: {endOfStream}), breaking the IChunker contract.");
                }

                if (length > 0)
                {
                    yield return buffer.AsMemory(start, length);
                    start += length;
                    continue;
                }

                if (endOfStream)
                {
                    yield break;
                }

                // No boundary in what the window holds (less than a largest chunk): the tail, shorter than a chunk, moves
                // to the front and the window fills up again. The chunker sees that tail twice, which costs less than
                // holding a window of twice the largest chunk.
                if (start > 0)
                {
                    buffer.AsSpan(start, available).CopyTo(buffer);
                    end = available;
                    start = 0;
                }

                while (end < window)
                {
                    var read = await source.ReadAsync(buffer.AsMemory(end, window - end), cancellationToken).ConfigureAwait(false);
                    if (read == 0)
                    {
                        endOfStream = true;
                        break;
                    }

                    end += read;
                }
            }
        }
        finally
        {
            LargeBuffers.Windows.Return(buffer);
        }
    }
}
