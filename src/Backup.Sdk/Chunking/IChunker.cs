namespace Backup.Sdk.Chunking;

/// <summary>Splits a byte stream into chunks. Implementations are stateless between calls and safe to share across threads.</summary>
public interface IChunker
{
    /// <summary>The largest chunk this chunker returns; a buffer of this size always yields a boundary.</summary>
    int MaxChunkSize { get; }

    /// <summary>
    /// Finds where the chunk that starts at <c>data[0]</c> ends.
    /// </summary>
    /// <remarks>
    /// The answer must not depend on how much data is passed beyond the boundary: given a longer prefix of the same
    /// stream, a chunker returns the same length (or, where it returned 0, a boundary past the data it had). So a caller that
    /// passes at least <see cref="MaxChunkSize"/> bytes, or all the rest of the stream with <paramref name="isFinalBlock"/>,
    /// gets the same chunks whatever its buffering (<see cref="StreamChunker"/> does).
    /// </remarks>
    /// <param name="data">The bytes from the start of the chunk on.</param>
    /// <param name="isFinalBlock">Whether <paramref name="data"/> reaches the end of the stream.</param>
    /// <returns>
    /// The chunk length (1 to <see cref="MaxChunkSize"/>), or 0 when no boundary is found in <paramref name="data"/> and more data
    /// may follow (never 0 when <paramref name="isFinalBlock"/> is set and <paramref name="data"/> is not empty, nor when
    /// <paramref name="data"/> holds <see cref="MaxChunkSize"/> bytes or more).
    /// </returns>
    int FindChunkEnd(ReadOnlySpan<byte> data, bool isFinalBlock);
}
