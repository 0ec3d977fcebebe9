namespace Backup.Sdk.Sources.Filtering;

/// <summary>
/// The <c>--include</c> patterns of a restore: which paths of a snapshot to restore.
/// </summary>
/// <remarks>
/// <para>
/// A path is selected when any pattern matches it or one of its parent directories: a directory that matches is
/// selected with everything under it. A directory that is not selected may still have to be entered, because a
/// pattern could match something below it: <c>/data/x/*.txt</c> means entering <c>/data</c> and <c>/data/x</c>
/// (<see cref="CouldSelectBelow(string)"/>). A restore creates such directories only as parents of what it restores.
/// </para>
/// <para>
/// A filter with no patterns selects everything, as a restore without <c>--include</c> does. Patterns cannot be
/// negated with '!'; use an exclude (<see cref="RestoreFilter"/> applies includes, then excludes).
/// </para>
/// <para>Instances are immutable and safe to share between threads. Matching allocates nothing.</para>
/// </remarks>
public sealed class IncludeFilter
{
    private readonly GlobPattern[] _patterns;

    /// <summary>Creates a filter from parsed patterns.</summary>
    /// <param name="patterns">The include patterns; none may be negated.</param>
    /// <exception cref="ArgumentException">A pattern is null or negated.</exception>
    public IncludeFilter(IEnumerable<GlobPattern> patterns)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        _patterns = [.. patterns];
        foreach (var pattern in _patterns)
        {
            if (pattern is null)
            {
                throw new ArgumentException("An include list cannot contain null.", nameof(patterns));
            }

            if (pattern.IsNegated)
            {
                throw new ArgumentException(
                    $"Include pattern '{pattern.Pattern}' is negated; '!' works only in exclude rules. Write it as an exclude, or escape it as '\\!' to match a leading '!'.",
                    nameof(patterns));
            }
        }
    }

    /// <summary>Creates a filter from pattern texts, such as the values of repeated <c>--include</c> options.</summary>
    /// <param name="patterns">The patterns, parsed with <see cref="GlobPattern.Parse"/>.</param>
    /// <exception cref="ArgumentException">A pattern is invalid or negated; the message names it.</exception>
    public IncludeFilter(IEnumerable<string> patterns)
        : this(ParsePatterns(patterns))
    {
    }

    /// <summary>A filter with no patterns: selects everything.</summary>
    public static IncludeFilter All { get; } = new(Array.Empty<GlobPattern>());

    /// <summary>The include patterns.</summary>
    public IReadOnlyList<GlobPattern> Patterns => _patterns;

    /// <summary>Whether there are no patterns, so that everything is selected.</summary>
    public bool SelectsEverything => _patterns.Length == 0;

    /// <summary>Whether <paramref name="path"/> is selected: a pattern matches it or one of its parent directories.</summary>
    /// <param name="path">A '/'-separated relative or absolute path.</param>
    /// <param name="isDirectory">Whether the path names a directory.</param>
    /// <returns>True if the path is to be restored.</returns>
    public bool IsSelected(string path, bool isDirectory)
    {
        ArgumentNullException.ThrowIfNull(path);
        return IsSelected<char, Utf16PathText>(path.AsSpan(), isDirectory);
    }

    /// <inheritdoc cref="IsSelected(string, bool)"/>
    public bool IsSelected(ReadOnlySpan<char> path, bool isDirectory) => IsSelected<char, Utf16PathText>(path, isDirectory);

    /// <inheritdoc cref="IsSelected(string, bool)"/>
    /// <remarks>The path is raw bytes; see <see cref="GlobPattern"/> for how invalid UTF-8 is matched.</remarks>
    public bool IsSelected(ReadOnlySpan<byte> utf8Path, bool isDirectory) => IsSelected<byte, Utf8PathText>(utf8Path, isDirectory);

    /// <summary>
    /// Whether anything under <paramref name="directoryPath"/> could be selected, so that a restore must enter it:
    /// the directory or a parent is selected, or some pattern could match a path below it.
    /// </summary>
    /// <param name="directoryPath">A '/'-separated path of a directory; empty or "/" for the root.</param>
    /// <returns>False only when nothing below the directory can be selected.</returns>
    public bool CouldSelectBelow(string directoryPath)
    {
        ArgumentNullException.ThrowIfNull(directoryPath);
        return CouldSelectBelow<char, Utf16PathText>(directoryPath.AsSpan());
    }

    /// <inheritdoc cref="CouldSelectBelow(string)"/>
    public bool CouldSelectBelow(ReadOnlySpan<char> directoryPath) => CouldSelectBelow<char, Utf16PathText>(directoryPath);

    /// <inheritdoc cref="CouldSelectBelow(string)"/>
    public bool CouldSelectBelow(ReadOnlySpan<byte> directoryPath) => CouldSelectBelow<byte, Utf8PathText>(directoryPath);

    private bool IsSelected<T, TText>(ReadOnlySpan<T> path, bool isDirectory)
        where T : unmanaged
        where TText : IPathText<T>
    {
        if (_patterns.Length == 0)
        {
            return true;
        }

        var depth = PathText.CountSegments<T, TText>(path);
        Span<bool> buffer = stackalloc bool[GlobPattern.StackStates];
        foreach (var pattern in _patterns)
        {
            var states = pattern.States(buffer);
            pattern.Start(states);
            var position = 0;
            for (var d = 0; PathText.NextSegment<T, TText>(path, ref position, out var segment); d++)
            {
                if (!pattern.Step<T, TText>(states, segment))
                {
                    break;
                }

                // A matching parent is a directory, so directory-only patterns apply to it.
                var applies = d < depth - 1 || isDirectory || !pattern.IsDirectoryOnly;
                if (applies && GlobPattern.IsAccepting(states))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private bool CouldSelectBelow<T, TText>(ReadOnlySpan<T> directoryPath)
        where T : unmanaged
        where TText : IPathText<T>
    {
        if (_patterns.Length == 0)
        {
            return true;
        }

        Span<bool> buffer = stackalloc bool[GlobPattern.StackStates];
        foreach (var pattern in _patterns)
        {
            var states = pattern.States(buffer);
            pattern.Start(states);
            var position = 0;
            var alive = true;
            while (alive && PathText.NextSegment<T, TText>(directoryPath, ref position, out var segment))
            {
                alive = pattern.Step<T, TText>(states, segment);
                if (alive && GlobPattern.IsAccepting(states))
                {
                    // The directory or a parent is selected, and with it everything below.
                    return true;
                }
            }

            if (alive && GlobPattern.CanMatchDeeper(states))
            {
                return true;
            }
        }

        return false;
    }

    private static GlobPattern[] ParsePatterns(IEnumerable<string> patterns)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        return patterns.Select(GlobPattern.Parse).ToArray();
    }
}
