namespace Backup.Sdk.Storage;

/// <summary>
/// Helpers for storage backends that implement the stream put of <see cref="IStorageBackend"/>: checking the stream it
/// is given, reading what is left of it, and comparing it with stored bytes.
/// </summary>
public static class StorageStreams
{
    private const int PieceLength = 256 * 1024;

    /// <summary>
    /// Checks that <paramref name="content"/> can be the content of a stream put (readable, seekable) and returns how many
    /// bytes it holds from its position to its end.
    /// </summary>
    /// <param name="content">The stream given to the put.</param>
    /// <returns>The object's length.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="content"/> is null.</exception>
    /// <exception cref="ArgumentException">The stream cannot be read or cannot seek.</exception>
    public static long RemainingLength(Stream content)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (!content.CanRead || !content.CanSeek)
        {
            throw new ArgumentException("The content of a put must be a readable, seekable stream.", nameof(content));
        }

        return Math.Max(0, content.Length - content.Position);
    }

    /// <summary>Reads a stream from its position to its end into a new array (the buffering path of a stream put).</summary>
    /// <param name="content">The stream given to the put.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The bytes.</returns>
    /// <exception cref="ArgumentException">The stream cannot be read or cannot seek, or holds more than an array can.</exception>
    public static async Task<byte[]> ReadRemainingAsync(Stream content, CancellationToken cancellationToken = default)
    {
        var length = RemainingLength(content);
        if (length > Array.MaxLength)
        {
            throw new ArgumentException($"The content ({length} bytes) is too large to buffer in memory.", nameof(content));
        }

        var buffer = GC.AllocateUninitializedArray<byte>((int)length);
        await content.ReadExactlyAsync(buffer, cancellationToken).ConfigureAwait(false);
        return buffer;
    }

    /// <summary>
    /// Whether <paramref name="stored"/> is the content of the stream from <paramref name="start"/> to its end
    /// (<see cref="ContentComparison.Equal"/>), a proper prefix of it (<see cref="ContentComparison.Prefix"/>: a torn
    /// object), or something else. Reads the stream in small pieces; its position afterwards is unspecified.
    /// </summary>
    /// <param name="content">The stream given to the put.</param>
    /// <param name="start">The position the put started at.</param>
    /// <param name="stored">The bytes stored under the object's name.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>How the stored bytes relate to the content.</returns>
    public static async Task<ContentComparison> CompareAsync(Stream content, long start, ReadOnlyMemory<byte> stored, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var length = content.Length - start;
        if (stored.Length > length)
        {
            return ContentComparison.Different;
        }

        content.Position = start;
        var piece = new byte[(int)Math.Min(PieceLength, Math.Max(1, stored.Length))];
        for (var at = 0; at < stored.Length;)
        {
            var want = Math.Min(piece.Length, stored.Length - at);
            await content.ReadExactlyAsync(piece.AsMemory(0, want), cancellationToken).ConfigureAwait(false);
            if (!piece.AsSpan(0, want).SequenceEqual(stored.Span.Slice(at, want)))
            {
                return ContentComparison.Different;
            }

            at += want;
        }

        return stored.Length == length ? ContentComparison.Equal : ContentComparison.Prefix;
    }
}

/// <summary>How stored bytes relate to the content a put meant to store (<see cref="StorageStreams.CompareAsync"/>).</summary>
public enum ContentComparison
{
    /// <summary>Neither the content nor a prefix of it.</summary>
    Different = 0,

    /// <summary>The whole content.</summary>
    Equal = 1,

    /// <summary>A proper prefix of the content: a torn object.</summary>
    Prefix = 2,
}
