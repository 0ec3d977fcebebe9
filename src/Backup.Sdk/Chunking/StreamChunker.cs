using System.Buffers;
using System.Runtime.CompilerServices;
using Backup.Sdk.IO;

namespace Backup.Sdk.Chunking;

/// <summary>Reads a stream and splits it into chunks with an <see cref="IChunker"/>, through one pooled buffer.</summary>
public static class StreamChunker
{
    /// <summary>
    /// Reads <paramref name="source"/> to its end and yields its chunks in order. The chunks are the same whatever sizes the
    /// stream's reads return: the chunker is always given at least <see cref="IChunker.MaxChunkSize"/> bytes, or the rest of
    /// the stream.
    /// </summary>
    /// <remarks>
    /// Each yielded chunk is a view of a buffer rented from <see cref="ArrayPool{T}.Shared"/> (about twice
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

    private static async IAsyncEnumerable<ReadOnlyMemory<byte>> ReadChunksCoreAsync(
        Stream source, IChunker chunker, int maxChunkSize, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var buffer = LargeBuffers.Pool.Rent(2 * maxChunkSize);
        try
        {
            var start = 0; // first byte not yet yielded
            var end = 0; // end of the bytes read
            var endOfStream = false;
            while (true)
            {
                if (end - start < maxChunkSize && !endOfStream)
                {
                    // Make room for a whole chunk after start; the bytes moved are fewer than one chunk, and a move happens
                    // at most once per (buffer length - max chunk) bytes consumed.
                    if (buffer.Length - start < maxChunkSize)
                    {
                        buffer.AsSpan(start, end - start).CopyTo(buffer);
                        end -= start;
                        start = 0;
                    }

                    while (end - start < maxChunkSize)
                    {
                        var read = await source.ReadAsync(buffer.AsMemory(end), cancellationToken).ConfigureAwait(false);
                        if (read == 0)
                        {
                            endOfStream = true;
                            break;
                        }

                        end += read;
                    }
                }

                if (start == end)
                {
                    yield break;
                }

                var length = chunker.FindChunkEnd(buffer.AsSpan(start, end - start), endOfStream);
                if (length <= 0 || length > end - start)
                {
                    throw new InvalidOperationException(
                        $"The chunker returned {length} for {end - start} bytes (final: {endOfStream}), breaking the IChunker contract.");
                }

                yield return buffer.AsMemory(start, length);
                start += length;
            }
        }
        finally
        {
            LargeBuffers.Pool.Return(buffer);
        }
    }
}
