namespace Backup.Sdk.Sources.Filtering;

/// <summary>What one token of a segment pattern matches.</summary>
internal enum GlobTokenKind : byte
{
    /// <summary>Exactly one given code point.</summary>
    Literal,

    /// <summary><c>?</c>: any one code point.</summary>
    AnyOne,

    /// <summary><c>[...]</c>: one code point in (or, negated, not in) a set.</summary>
    Class,

    /// <summary><c>*</c>: any run of code points, including none.</summary>
    Star,
}

/// <summary>A set of code point ranges, optionally negated: the compiled form of <c>[a-z]</c> or <c>[!a-z]</c>.</summary>
internal sealed class GlobCharClass(int[] bounds, bool negated)
{
    // Inclusive ranges as pairs: bounds[2k] .. bounds[2k + 1].
    private readonly int[] _bounds = bounds;

    public bool Negated { get; } = negated;

    public bool Contains(int codePoint)
    {
        var bounds = _bounds;
        for (var i = 0; i < bounds.Length; i += 2)
        {
            if (codePoint >= bounds[i] && codePoint <= bounds[i + 1])
            {
                return !Negated;
            }
        }

        return Negated;
    }
}

/// <summary>One token of a segment pattern.</summary>
internal readonly struct GlobToken
{
    private GlobToken(GlobTokenKind kind, int codePoint, GlobCharClass? charClass)
    {
        Kind = kind;
        CodePoint = codePoint;
        CharClass = charClass;
    }

    public GlobTokenKind Kind { get; }

    public int CodePoint { get; }

    public GlobCharClass? CharClass { get; }

    public static GlobToken Literal(int codePoint) => new(GlobTokenKind.Literal, codePoint, null);

    public static GlobToken AnyOne { get; } = new(GlobTokenKind.AnyOne, 0, null);

    public static GlobToken Star { get; } = new(GlobTokenKind.Star, 0, null);

    public static GlobToken Class(GlobCharClass charClass) => new(GlobTokenKind.Class, 0, charClass);

    /// <summary>Whether this single-code-point token (not <see cref="GlobTokenKind.Star"/>) accepts <paramref name="codePoint"/>.</summary>
    public bool Accepts(int codePoint) => Kind switch
    {
        GlobTokenKind.Literal => codePoint == CodePoint,
        GlobTokenKind.AnyOne => true,
        GlobTokenKind.Class => CharClass!.Contains(codePoint),
        _ => false,
    };
}

/// <summary>
/// One '/'-separated part of a pattern: either <c>**</c> (any number of whole segments) or a sequence of tokens
/// that must match exactly one path segment.
/// </summary>
internal sealed class GlobSegment
{
    private readonly GlobToken[] _tokens;

    private GlobSegment(GlobToken[] tokens, bool isDoubleStar)
    {
        _tokens = tokens;
        IsDoubleStar = isDoubleStar;
    }

    /// <summary>The <c>**</c> segment.</summary>
    public static GlobSegment DoubleStar { get; } = new([], isDoubleStar: true);

    /// <summary>A segment that matches any one path segment (a lone <c>*</c>).</summary>
    public static GlobSegment AnySegment { get; } = new([GlobToken.Star], isDoubleStar: false);

    /// <summary>Whether this is <c>**</c>, which consumes zero or more whole segments.</summary>
    public bool IsDoubleStar { get; }

    public static GlobSegment FromTokens(GlobToken[] tokens) => new(tokens, isDoubleStar: false);

    /// <summary>
    /// Whether the tokens match the whole of <paramref name="segment"/>. The classic wildcard algorithm: on a
    /// mismatch, resume after the most recent <c>*</c> with that star taking one more code point. Earlier stars never
    /// need revisiting, so the cost is at most tokens × code points and patterns like <c>a*a*a*b</c> cannot blow up.
    /// </summary>
    public bool Matches<T, TText>(ReadOnlySpan<T> segment)
        where T : unmanaged
        where TText : IPathText<T>
    {
        var tokens = _tokens;
        var tokenIndex = 0;
        var textIndex = 0;
        var starToken = -1;
        var starText = 0;

        while (textIndex < segment.Length)
        {
            if (tokenIndex < tokens.Length)
            {
                var token = tokens[tokenIndex];
                if (token.Kind == GlobTokenKind.Star)
                {
                    starToken = tokenIndex++;
                    starText = textIndex;
                    continue;
                }

                var codePoint = TText.Decode(segment[textIndex..], out var length);
                if (token.Accepts(codePoint))
                {
                    tokenIndex++;
                    textIndex += length;
                    continue;
                }
            }

            if (starToken < 0)
            {
                return false;
            }

            TText.Decode(segment[starText..], out var skipped);
            starText += skipped;
            textIndex = starText;
            tokenIndex = starToken + 1;
        }

        while (tokenIndex < tokens.Length && tokens[tokenIndex].Kind == GlobTokenKind.Star)
        {
            tokenIndex++;
        }

        return tokenIndex == tokens.Length;
    }
}
