using System.Text;

namespace Backup.Sdk.Sources.Filtering;

/// <summary>The parts of a pattern after parsing.</summary>
internal readonly record struct ParsedGlob(GlobSegment[] Segments, bool IsNegated, bool IsAnchored, bool IsDirectoryOnly);

/// <summary>
/// Turns pattern text into segments. Parsing happens once per pattern, so it may allocate; matching does not.
/// </summary>
internal static class GlobParser
{
    public static ParsedGlob Parse(string pattern)
    {
        if (pattern.Length == 0)
        {
            throw Invalid(pattern, "the pattern is empty");
        }

        var negated = pattern[0] == '!';
        var start = negated ? 1 : 0;
        var leadingSlash = start < pattern.Length && pattern[start] == '/';
        var trailingSlash = false;

        var segments = new List<GlobSegment>();
        var tokens = new List<GlobToken>();
        var segmentStart = start;
        var i = start;
        while (i < pattern.Length)
        {
            var c = pattern[i];
            if (c == '/' || (c == '\\' && i + 1 < pattern.Length && pattern[i + 1] == '/'))
            {
                var end = i;
                i += c == '/' ? 1 : 2;
                EndSegment(pattern.AsSpan(segmentStart, end - segmentStart), tokens, segments);
                segmentStart = i;
                trailingSlash = true;
                continue;
            }

            trailingSlash = false;
            switch (c)
            {
                case '*':
                    // A run of stars is one star inside a segment; a segment that is exactly "**" is handled in EndSegment.
                    if (tokens.Count == 0 || tokens[^1].Kind != GlobTokenKind.Star)
                    {
                        tokens.Add(GlobToken.Star);
                    }

                    i++;
                    break;
                case '?':
                    tokens.Add(GlobToken.AnyOne);
                    i++;
                    break;
                case '[':
                    tokens.Add(GlobToken.Class(ParseClass(pattern, ref i)));
                    break;
                case '\\':
                    if (i + 1 == pattern.Length)
                    {
                        throw Invalid(pattern, "it ends with an unfinished escape '\\'");
                    }

                    i++;
                    tokens.Add(GlobToken.Literal(ReadCodePoint(pattern, ref i)));
                    break;
                default:
                    tokens.Add(GlobToken.Literal(ReadCodePoint(pattern, ref i)));
                    break;
            }
        }

        EndSegment(pattern.AsSpan(segmentStart), tokens, segments);
        if (segments.Count == 0)
        {
            throw Invalid(pattern, "it has no name to match, only separators or '!'");
        }

        // gitignore: a '/' at the start or in the middle anchors the pattern; one only at the end does not.
        var anchored = leadingSlash || segments.Count > 1;
        if (!anchored && !segments[0].IsDoubleStar)
        {
            segments.Insert(0, GlobSegment.DoubleStar);
        }

        // A trailing "**" after a name means "everything inside", so it must take at least one segment:
        // "x/**" matches x/a and x/a/b but not x itself (gitignore).
        if (segments.Count > 1 && segments[^1].IsDoubleStar && !segments[^2].IsDoubleStar)
        {
            segments.Insert(segments.Count - 1, GlobSegment.AnySegment);
        }

        return new ParsedGlob([.. segments], negated, anchored, trailingSlash);
    }

    private static void EndSegment(ReadOnlySpan<char> text, List<GlobToken> tokens, List<GlobSegment> segments)
    {
        if (text.SequenceEqual("**"))
        {
            // "a/**/**/b" is the same as "a/**/b".
            if (segments.Count == 0 || !segments[^1].IsDoubleStar)
            {
                segments.Add(GlobSegment.DoubleStar);
            }
        }
        else if (tokens.Count > 0)
        {
            segments.Add(GlobSegment.FromTokens([.. tokens]));
        }

        tokens.Clear();
    }

    /// <summary>Parses <c>[...]</c> starting at the '['; leaves <paramref name="i"/> after the closing ']'.</summary>
    private static GlobCharClass ParseClass(string pattern, ref int i)
    {
        var open = i;
        i++;
        var negated = i < pattern.Length && (pattern[i] == '!' || pattern[i] == '^');
        if (negated)
        {
            i++;
        }

        var bounds = new List<int>();
        var first = true;
        while (true)
        {
            if (i >= pattern.Length)
            {
                throw Invalid(pattern, $"the '[' at position {open} is never closed by ']'");
            }

            // A ']' right after '[' or '[!' is a literal, as in POSIX and gitignore: "[]a]" matches ']' or 'a'.
            if (pattern[i] == ']' && !first)
            {
                i++;
                return new GlobCharClass([.. bounds], negated);
            }

            first = false;
            var low = ReadClassMember(pattern, ref i, open);
            var high = low;
            if (i + 1 < pattern.Length && pattern[i] == '-' && pattern[i + 1] != ']')
            {
                i++;
                high = ReadClassMember(pattern, ref i, open);
                if (high < low)
                {
                    throw Invalid(pattern, $"the range '{char.ConvertFromUtf32(low)}-{char.ConvertFromUtf32(high)}' in the class at position {open} is reversed");
                }
            }

            bounds.Add(low);
            bounds.Add(high);
        }
    }

    private static int ReadClassMember(string pattern, ref int i, int open)
    {
        if (pattern[i] == '\\')
        {
            i++;
            if (i >= pattern.Length)
            {
                throw Invalid(pattern, $"the '[' at position {open} is never closed by ']'");
            }
        }

        var codePoint = ReadCodePoint(pattern, ref i);
        if (codePoint == '/')
        {
            throw Invalid(pattern, $"the class at position {open} contains '/', which never occurs inside a name");
        }

        return codePoint;
    }

    /// <summary>Reads one code point; a lone surrogate stands for itself, as it does in paths.</summary>
    private static int ReadCodePoint(string pattern, ref int i)
    {
        if (Rune.DecodeFromUtf16(pattern.AsSpan(i), out var rune, out var length) == System.Buffers.OperationStatus.Done)
        {
            i += length;
            return rune.Value;
        }

        return pattern[i++];
    }

    private static ArgumentException Invalid(string pattern, string reason) =>
        new($"Invalid glob pattern '{pattern}': {reason}.", nameof(pattern));
}
