using System.Buffers;
using System.Text;

namespace Backup.Sdk.Sources.FileSystem;

/// <summary>
/// A path as the NUL-terminated bytes libc wants, made without allocating for short paths: a span that already ends in
/// its only NUL is used as it is; anything else is copied into the caller's stack buffer or a pooled array.
/// </summary>
internal ref struct NativePath
{
    /// <summary>Big enough for most paths; longer ones rent from the pool.</summary>
    public const int StackSize = 512;

    private byte[]? _rented;

    public NativePath(ReadOnlySpan<byte> path, Span<byte> scratch)
    {
        var content = !path.IsEmpty && path[^1] == 0 ? path[..^1] : path;
        if (content.Contains((byte)0))
        {
            throw new ArgumentException("A Unix path cannot contain a NUL byte before its end.", nameof(path));
        }

        if (content.Length != path.Length)
        {
            Bytes = path;
            return;
        }

        var buffer = Buffer(content.Length + 1, scratch);
        content.CopyTo(buffer);
        buffer[content.Length] = 0;
        Bytes = buffer[..(content.Length + 1)];
    }

    public NativePath(string path, Span<byte> scratch)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException("A Unix path cannot contain a NUL character.", nameof(path));
        }

        var buffer = Buffer(Encoding.UTF8.GetMaxByteCount(path.Length) + 1, scratch);
        int length;
        try
        {
            length = UnixPathEncoding.Strict.GetBytes(path, buffer);
        }
        catch (EncoderFallbackException ex)
        {
            Dispose();
            throw new ArgumentException("The path holds an unpaired surrogate and has no UTF-8 form.", nameof(path), ex);
        }

        buffer[length] = 0;
        Bytes = buffer[..(length + 1)];
    }

    /// <summary>The path including its terminating NUL.</summary>
    public ReadOnlySpan<byte> Bytes { get; }

    /// <summary>The path without its terminating NUL, for messages.</summary>
    public readonly ReadOnlySpan<byte> Content => Bytes[..^1];

    public void Dispose()
    {
        if (_rented is not null)
        {
            ArrayPool<byte>.Shared.Return(_rented);
            _rented = null;
        }
    }

    private Span<byte> Buffer(int length, Span<byte> scratch)
    {
        if (length <= scratch.Length)
        {
            return scratch;
        }

        _rented = ArrayPool<byte>.Shared.Rent(length);
        return _rented;
    }
}

internal static class UnixPathEncoding
{
    public static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
}
