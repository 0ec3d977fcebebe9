using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Unicode;

namespace Backup.Sdk.Sources.FileSystem;

/// <summary>
/// Converts between Unix names and paths (raw bytes, which need not be valid UTF-8) and .NET strings, and joins byte paths.
/// A .NET string can stand for a Unix name only when the bytes are valid UTF-8; keep the bytes for everything else.
/// </summary>
public static class UnixPath
{
    /// <summary>Decodes a name or path to a string when its bytes are valid UTF-8, so that encoding the string gives the same bytes back.</summary>
    /// <param name="bytes">The name or path bytes.</param>
    /// <param name="text">The decoded text, or <see langword="null"/> when the bytes are not valid UTF-8.</param>
    /// <returns>Whether the bytes were valid UTF-8.</returns>
    public static bool TryDecode(ReadOnlySpan<byte> bytes, [NotNullWhen(true)] out string? text)
    {
        if (!Utf8.IsValid(bytes))
        {
            text = null;
            return false;
        }

        text = Encoding.UTF8.GetString(bytes);
        return true;
    }

    /// <summary>Encodes a string path as UTF-8 bytes (without a terminating NUL).</summary>
    /// <param name="path">The path.</param>
    /// <returns>The bytes.</returns>
    /// <exception cref="ArgumentException">The string holds an unpaired surrogate, which no byte sequence stands for.</exception>
    public static byte[] Encode(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        try
        {
            return UnixPathEncoding.Strict.GetBytes(path);
        }
        catch (EncoderFallbackException ex)
        {
            throw new ArgumentException("The path holds an unpaired surrogate and has no UTF-8 form.", nameof(path), ex);
        }
    }

    /// <summary>
    /// Text for messages and logs: valid UTF-8 as it is, every byte that is not part of valid UTF-8 as <c>\xNN</c>.
    /// Not reversible; keep the bytes to address the entry.
    /// </summary>
    /// <param name="bytes">The name or path bytes; a trailing NUL is left out.</param>
    /// <returns>The display text.</returns>
    public static string ToDisplayString(ReadOnlySpan<byte> bytes)
    {
        if (!bytes.IsEmpty && bytes[^1] == 0)
        {
            bytes = bytes[..^1];
        }

        if (TryDecode(bytes, out var text))
        {
            return text;
        }

        var builder = new StringBuilder(bytes.Length + 8);
        while (!bytes.IsEmpty)
        {
            if (Rune.DecodeFromUtf8(bytes, out var rune, out var consumed) == System.Buffers.OperationStatus.Done)
            {
                builder.Append(rune.ToString());
                bytes = bytes[consumed..];
            }
            else
            {
                builder.Append(@"\x").Append(bytes[0].ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
                bytes = bytes[1..];
            }
        }

        return builder.ToString();
    }

    /// <summary>Joins a directory path and a name with one <c>/</c> between them (none added after an empty or <c>/</c>-ended directory).</summary>
    /// <param name="directory">The directory path bytes.</param>
    /// <param name="name">The name (or relative path) bytes.</param>
    /// <returns>The joined path, without a terminating NUL.</returns>
    public static byte[] Join(ReadOnlySpan<byte> directory, ReadOnlySpan<byte> name)
    {
        var separator = directory.IsEmpty || directory[^1] == (byte)'/' ? 0 : 1;
        var result = new byte[directory.Length + separator + name.Length];
        directory.CopyTo(result);
        if (separator == 1)
        {
            result[directory.Length] = (byte)'/';
        }

        name.CopyTo(result.AsSpan(directory.Length + separator));
        return result;
    }

    /// <summary>Whether bytes name one entry of a directory: not empty, not <c>.</c> or <c>..</c>, no <c>/</c> and no NUL.</summary>
    /// <param name="name">The name bytes.</param>
    /// <returns>Whether the name is a single component.</returns>
    public static bool IsSingleComponent(ReadOnlySpan<byte> name) =>
        !name.IsEmpty
        && !name.SequenceEqual("."u8)
        && !name.SequenceEqual(".."u8)
        && name.IndexOfAny((byte)'/', (byte)0) < 0;
}
