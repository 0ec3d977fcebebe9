namespace Backup.Sdk.Sources.Filtering;

/// <summary>
/// One glob pattern with gitignore semantics, as used by <c>--exclude</c>, <c>--include</c> and exclude files.
/// </summary>
/// <remarks>
/// <para>
/// Syntax: <c>*</c> matches any run of characters except '/'; <c>?</c> one character except '/';
/// <c>[abc]</c>, <c>[a-z]</c>, <c>[!a-z]</c> and <c>[^a-z]</c> one character in (or not in) a set; <c>\</c> makes the
/// next character literal; a segment that is exactly <c>**</c> matches any number of whole segments, including none
/// (<c>a/**/b</c> matches <c>a/b</c> and <c>a/x/y/b</c>), except that a trailing <c>x/**</c> matches only what is
/// inside <c>x</c>, not <c>x</c> itself. <c>**</c> next to other characters is an ordinary <c>*</c>.
/// </para>
/// <para>
/// Anchoring: a pattern with a '/' at the start or in the middle matches whole paths from the root of what is
/// matched (a leading '/' only anchors); a pattern without one matches the last segment at any depth, so
/// <c>*.log</c> matches <c>a/b/c.log</c>. A trailing '/' restricts the pattern to directories. A leading '!'
/// negates the pattern within a rule list (<see cref="PathFilter"/>); <see cref="IsMatch(string, bool)"/> ignores it.
/// </para>
/// <para>
/// Paths are '/'-separated; a leading '/' and empty segments are ignored, so <c>/a//b</c> and <c>a/b</c> are the same
/// path. No other normalisation happens: matching is case-sensitive, code point by code point, without Unicode
/// normalisation, and <c>.</c> or <c>..</c> segments are ordinary names. Names need not be valid UTF-8: in the byte
/// overloads each invalid byte is one character, read as the code point U+DC00 + byte (U+DC80..U+DCFF, the
/// "surrogateescape" mapping), so <c>?</c> matches exactly one such byte. A string holding those lone surrogates
/// matches exactly as the raw bytes would.
/// </para>
/// <para>
/// Matching never backtracks exponentially: within a segment it costs at most pattern length × name length, across
/// segments at most pattern segments × path segments segment matches, and it allocates nothing.
/// </para>
/// </remarks>
public sealed class GlobPattern
{
    // Patterns with more segments than this get their matcher state from the heap instead of the stack.
    private const int MaxStackStates = 128;

    private readonly GlobSegment[] _segments;

    private GlobPattern(string pattern, ParsedGlob parsed)
    {
        Pattern = pattern;
        _segments = parsed.Segments;
        IsNegated = parsed.IsNegated;
        IsAnchored = parsed.IsAnchored;
        IsDirectoryOnly = parsed.IsDirectoryOnly;
    }

    /// <summary>The pattern text as given to <see cref="Parse"/>.</summary>
    public string Pattern { get; }

    /// <summary>Whether the pattern began with '!': a matching path is re-included rather than excluded.</summary>
    public bool IsNegated { get; }

    /// <summary>Whether the pattern matches whole paths from the root rather than the last segment at any depth.</summary>
    public bool IsAnchored { get; }

    /// <summary>Whether the pattern ended with '/' and so matches directories only.</summary>
    public bool IsDirectoryOnly { get; }

    /// <summary>Number of matcher states, one more than the number of compiled segments.</summary>
    internal int StateCount => _segments.Length + 1;

    /// <summary>Parses one pattern.</summary>
    /// <param name="pattern">The pattern text; see the remarks on <see cref="GlobPattern"/> for the syntax.</param>
    /// <returns>The parsed pattern.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="pattern"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// The pattern is empty, has no name (only '/' or '!'), has an unclosed or reversed character class, a '/' inside a
    /// class, or ends with a lone '\'. The message names the pattern.
    /// </exception>
    public static GlobPattern Parse(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        return new GlobPattern(pattern, GlobParser.Parse(pattern));
    }

    /// <summary>Whether the pattern matches the path itself (ignoring <see cref="IsNegated"/> and the path's parents).</summary>
    /// <param name="path">A '/'-separated relative or absolute path.</param>
    /// <param name="isDirectory">Whether the path names a directory; patterns ending in '/' match only directories.</param>
    /// <returns>True if the pattern matches.</returns>
    public bool IsMatch(string path, bool isDirectory)
    {
        ArgumentNullException.ThrowIfNull(path);
        return IsMatch<char, Utf16PathText>(path.AsSpan(), isDirectory);
    }

    /// <inheritdoc cref="IsMatch(string, bool)"/>
    public bool IsMatch(ReadOnlySpan<char> path, bool isDirectory) => IsMatch<char, Utf16PathText>(path, isDirectory);

    /// <summary>Whether the pattern matches the path itself, given as raw bytes that need not be valid UTF-8.</summary>
    /// <param name="utf8Path">A '/'-separated path; invalid UTF-8 bytes are matched one character each.</param>
    /// <param name="isDirectory">Whether the path names a directory; patterns ending in '/' match only directories.</param>
    /// <returns>True if the pattern matches.</returns>
    public bool IsMatch(ReadOnlySpan<byte> utf8Path, bool isDirectory) => IsMatch<byte, Utf8PathText>(utf8Path, isDirectory);

    /// <summary>Returns <see cref="Pattern"/>.</summary>
    /// <returns>The pattern text.</returns>
    public override string ToString() => Pattern;

    private bool IsMatch<T, TText>(ReadOnlySpan<T> path, bool isDirectory)
        where T : unmanaged
        where TText : IPathText<T>
    {
        if (IsDirectoryOnly && !isDirectory)
        {
            return false;
        }

        var states = States(stackalloc bool[MaxStackStates]);
        Start(states);

        var position = 0;
        var sawSegment = false;
        while (PathText.NextSegment<T, TText>(path, ref position, out var segment))
        {
            sawSegment = true;
            if (!Step<T, TText>(states, segment))
            {
                return false;
            }
        }

        return sawSegment && IsAccepting(states);
    }

    /// <summary>
    /// Allocates matcher state for the internal stepping API: on the stack when small, else on the heap.
    /// Callers stackalloc <see cref="MaxStackStates"/> and pass it here.
    /// </summary>
    internal Span<bool> States(Span<bool> stackBuffer) =>
        StateCount <= stackBuffer.Length ? stackBuffer[..StateCount] : new bool[StateCount];

    /// <summary>The size of stack buffer worth passing to <see cref="States"/>.</summary>
    internal static int StackStates => MaxStackStates;

    // The matcher is a non-deterministic automaton over segments: state i means "pattern segments before i have
    // consumed the path so far". A set of live states replaces backtracking.

    /// <summary>Resets <paramref name="states"/> to "nothing consumed yet".</summary>
    internal void Start(Span<bool> states)
    {
        states.Clear();
        states[0] = true;
        Close(states);
    }

    /// <summary>Consumes one path segment; returns false when no state is live any more (nothing deeper can match).</summary>
    internal bool Step<T, TText>(Span<bool> states, ReadOnlySpan<T> segment)
        where T : unmanaged
        where TText : IPathText<T>
    {
        var segments = _segments;
        var last = segments.Length;
        states[last] = false;
        var alive = false;
        for (var i = last - 1; i >= 0; i--)
        {
            if (!states[i])
            {
                continue;
            }

            var pattern = segments[i];
            if (pattern.IsDoubleStar)
            {
                alive = true;
            }
            else
            {
                states[i] = false;
                if (pattern.Matches<T, TText>(segment))
                {
                    states[i + 1] = true;
                    alive = true;
                }
            }
        }

        Close(states);
        return alive;
    }

    /// <summary>Whether the segments consumed so far form a match.</summary>
    internal static bool IsAccepting(ReadOnlySpan<bool> states) => states[^1];

    /// <summary>Whether some longer path (one or more further segments) could still match.</summary>
    internal static bool CanMatchDeeper(ReadOnlySpan<bool> states) => states[..^1].Contains(true);

    private void Close(Span<bool> states)
    {
        // "**" may consume nothing, so whoever reaches it also reaches the segment after it.
        for (var i = 0; i < _segments.Length; i++)
        {
            if (states[i] && _segments[i].IsDoubleStar)
            {
                states[i + 1] = true;
            }
        }
    }
}
