using System.Text;

namespace Backup.Sdk.Sources.Filtering;

/// <summary>
/// How the matcher reads one encoding of a path: code point by code point, with '/' as the only separator.
/// Implemented by structs so that the generic matcher is specialised per encoding and never boxes.
/// </summary>
internal interface IPathText<T>
    where T : unmanaged
{
    /// <summary>Whether <paramref name="unit"/> is the path separator '/'.</summary>
    static abstract bool IsSeparator(T unit);

    /// <summary>Reads the code point at the start of <paramref name="text"/> (never empty).</summary>
    static abstract int Decode(ReadOnlySpan<T> text, out int length);
}

/// <summary>
/// UTF-16 paths. A lone surrogate is read as its own value, so a string made by <see cref="PathText.DecodeUtf8"/>
/// from invalid UTF-8 matches exactly as the raw bytes do.
/// </summary>
internal readonly struct Utf16PathText : IPathText<char>
{
    public static bool IsSeparator(char unit) => unit == '/';

    public static int Decode(ReadOnlySpan<char> text, out int length)
    {
        if (Rune.DecodeFromUtf16(text, out var rune, out length) == System.Buffers.OperationStatus.Done)
        {
            return rune.Value;
        }

        length = 1;
        return text[0];
    }
}

/// <summary>
/// UTF-8 paths. Every byte that is not part of a valid UTF-8 sequence is read on its own as the code point
/// U+DC00 + byte (U+DC80..U+DCFF, the "surrogateescape" mapping), so such names stay distinct and matchable.
/// </summary>
internal readonly struct Utf8PathText : IPathText<byte>
{
    public static bool IsSeparator(byte unit) => unit == (byte)'/';

    public static int Decode(ReadOnlySpan<byte> text, out int length)
    {
        if (Rune.DecodeFromUtf8(text, out var rune, out length) == System.Buffers.OperationStatus.Done)
        {
            return rune.Value;
        }

        length = 1;
        return PathText.EscapedByteBase + text[0];
    }
}

/// <summary>Helpers shared by the encodings.</summary>
internal static class PathText
{
    /// <summary>An invalid byte b is read as the code point <c>EscapedByteBase + b</c>.</summary>
    public const int EscapedByteBase = 0xDC00;

    /// <summary>
    /// Decodes UTF-8 into a string the way <see cref="Utf8PathText"/> reads it: invalid bytes become lone surrogates
    /// U+DC80..U+DCFF. Matching the result gives the same answer as matching the bytes.
    /// </summary>
    public static string DecodeUtf8(ReadOnlySpan<byte> utf8)
    {
        var builder = new StringBuilder(utf8.Length);
        while (!utf8.IsEmpty)
        {
            var codePoint = Utf8PathText.Decode(utf8, out var length);
            if (codePoint is >= 0xD800 and <= 0xDFFF)
            {
                builder.Append((char)codePoint);
            }
            else
            {
                builder.Append(new Rune(codePoint).ToString());
            }

            utf8 = utf8[length..];
        }

        return builder.ToString();
    }

    /// <summary>Counts the non-empty '/'-separated segments of <paramref name="path"/>.</summary>
    public static int CountSegments<T, TText>(ReadOnlySpan<T> path)
        where T : unmanaged
        where TText : IPathText<T>
    {
        var count = 0;
        var inSegment = false;
        foreach (var unit in path)
        {
            if (TText.IsSeparator(unit))
            {
                inSegment = false;
            }
            else if (!inSegment)
            {
                inSegment = true;
                count++;
            }
        }

        return count;
    }

    /// <summary>
    /// Finds the next non-empty segment at or after <paramref name="position"/>; empty segments ("a//b", a leading
    /// or trailing '/') are skipped. Returns false when there is none.
    /// </summary>
    public static bool NextSegment<T, TText>(ReadOnlySpan<T> path, ref int position, out ReadOnlySpan<T> segment)
        where T : unmanaged
        where TText : IPathText<T>
    {
        while (position < path.Length && TText.IsSeparator(path[position]))
        {
            position++;
        }

        if (position == path.Length)
        {
            segment = default;
            return false;
        }

        var start = position;
        while (position < path.Length && !TText.IsSeparator(path[position]))
        {
            position++;
        }

        segment = path[start..position];
        return true;
    }
}
