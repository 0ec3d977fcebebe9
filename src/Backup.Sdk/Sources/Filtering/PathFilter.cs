namespace Backup.Sdk.Sources.Filtering;

/// <summary>
/// An ordered list of exclude rules with gitignore semantics, used by backup (<c>--exclude</c>, exclude files) and by
/// restore (<c>--exclude</c>).
/// </summary>
/// <remarks>
/// <para>
/// The last rule that matches a path decides: a plain rule excludes it, a rule starting with '!' re-includes it.
/// A path inside an excluded directory is excluded whatever later rules say, because a walker never looks inside
/// that directory (gitignore: "it is not possible to re-include a file if a parent directory of that file is
/// excluded"). So <c>node_modules/</c> excludes the whole tree under every <c>node_modules</c> directory, and
/// <c>dir/*</c> followed by <c>!dir/keep</c> keeps only <c>dir/keep</c>.
/// </para>
/// <para>
/// <see cref="IsExcluded(string, bool)"/> checks the path's parents too and suits arbitrary lookups. A walker that
/// goes top-down, asking <see cref="ShouldDescend(string)"/> before entering each directory, can instead use
/// <see cref="IsEntryExcluded(string, bool)"/> for the entries of directories it did enter, which stops at the
/// deciding rule.
/// </para>
/// <para>Instances are immutable and safe to share between threads. Matching allocates nothing.</para>
/// </remarks>
public sealed class PathFilter
{
    // Verdicts per path prefix while evaluating IsExcluded.
    private const byte NoRule = 0;
    private const byte Excluded = 1;
    private const byte Included = 2;
    private const int MaxStackDepth = 256;

    private readonly GlobPattern[] _rules;

    /// <summary>Creates a filter from rules, in order.</summary>
    /// <param name="rules">The rules; later rules override earlier ones.</param>
    public PathFilter(IEnumerable<GlobPattern> rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        _rules = [.. rules];
        if (Array.IndexOf(_rules, null) >= 0)
        {
            throw new ArgumentException("A rule list cannot contain null.", nameof(rules));
        }
    }

    /// <summary>Creates a filter from pattern texts, in order, such as the values of repeated <c>--exclude</c> options.</summary>
    /// <param name="patterns">The patterns, parsed with <see cref="GlobPattern.Parse"/> (no comment handling).</param>
    /// <exception cref="ArgumentException">A pattern is invalid; the message names it.</exception>
    public PathFilter(IEnumerable<string> patterns)
        : this(ParsePatterns(patterns))
    {
    }

    /// <summary>A filter with no rules: nothing is excluded.</summary>
    public static PathFilter Empty { get; } = new(Array.Empty<GlobPattern>());

    /// <summary>The rules in the order they are applied.</summary>
    public IReadOnlyList<GlobPattern> Rules => _rules;

    /// <summary>
    /// Reads rules from the lines of a gitignore-style file: blank lines and lines starting with '#' are skipped,
    /// trailing spaces are removed unless escaped with '\', a trailing '\r' is removed, and <c>\#</c> and <c>\!</c> at
    /// the start stand for a literal '#' or '!'.
    /// </summary>
    /// <param name="lines">The file's lines.</param>
    /// <returns>The filter.</returns>
    /// <exception cref="ArgumentException">A line holds an invalid pattern; the message gives the line number and the pattern.</exception>
    public static PathFilter Parse(IEnumerable<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var rules = new List<GlobPattern>();
        var lineNumber = 0;
        foreach (var line in lines)
        {
            lineNumber++;
            var text = TrimLine(line ?? string.Empty);
            if (text.Length == 0 || text[0] == '#')
            {
                continue;
            }

            try
            {
                rules.Add(GlobPattern.Parse(text));
            }
            catch (ArgumentException error)
            {
                throw new ArgumentException($"Line {lineNumber}: {error.Message}", nameof(lines), error);
            }
        }

        return new PathFilter(rules);
    }

    /// <summary>
    /// Whether <paramref name="path"/> is excluded: by the last rule matching it, or because one of its parent
    /// directories is excluded. For a directory, true also means its whole subtree is excluded.
    /// </summary>
    /// <param name="path">A '/'-separated relative or absolute path.</param>
    /// <param name="isDirectory">Whether the path names a directory.</param>
    /// <returns>True if the path is excluded.</returns>
    public bool IsExcluded(string path, bool isDirectory)
    {
        ArgumentNullException.ThrowIfNull(path);
        return IsExcluded<char, Utf16PathText>(path.AsSpan(), isDirectory);
    }

    /// <inheritdoc cref="IsExcluded(string, bool)"/>
    public bool IsExcluded(ReadOnlySpan<char> path, bool isDirectory) => IsExcluded<char, Utf16PathText>(path, isDirectory);

    /// <inheritdoc cref="IsExcluded(string, bool)"/>
    /// <remarks>The path is raw bytes; see <see cref="GlobPattern"/> for how invalid UTF-8 is matched.</remarks>
    public bool IsExcluded(ReadOnlySpan<byte> utf8Path, bool isDirectory) => IsExcluded<byte, Utf8PathText>(utf8Path, isDirectory);

    /// <summary>
    /// Whether a walker should enter <paramref name="directoryPath"/>: the negation of
    /// <see cref="IsExcluded(string, bool)"/> for a directory. Nothing under an excluded directory can be included.
    /// </summary>
    /// <param name="directoryPath">A '/'-separated path of a directory.</param>
    /// <returns>True if the directory is not excluded.</returns>
    public bool ShouldDescend(string directoryPath) => !IsExcluded(directoryPath, isDirectory: true);

    /// <inheritdoc cref="ShouldDescend(string)"/>
    public bool ShouldDescend(ReadOnlySpan<char> directoryPath) => !IsExcluded(directoryPath, isDirectory: true);

    /// <inheritdoc cref="ShouldDescend(string)"/>
    public bool ShouldDescend(ReadOnlySpan<byte> directoryPath) => !IsExcluded(directoryPath, isDirectory: true);

    /// <summary>
    /// Whether the rules exclude the entry itself, without looking at its parents. Correct only when the caller
    /// already knows that no parent is excluded, as a top-down walker that honours <see cref="ShouldDescend(string)"/>
    /// does; it then tries the rules from the last one and stops at the first match.
    /// </summary>
    /// <param name="path">A '/'-separated relative or absolute path.</param>
    /// <param name="isDirectory">Whether the path names a directory.</param>
    /// <returns>True if the last matching rule excludes the entry.</returns>
    public bool IsEntryExcluded(string path, bool isDirectory)
    {
        ArgumentNullException.ThrowIfNull(path);
        return IsEntryExcluded<char, Utf16PathText>(path.AsSpan(), isDirectory);
    }

    /// <inheritdoc cref="IsEntryExcluded(string, bool)"/>
    public bool IsEntryExcluded(ReadOnlySpan<char> path, bool isDirectory) => IsEntryExcluded<char, Utf16PathText>(path, isDirectory);

    /// <inheritdoc cref="IsEntryExcluded(string, bool)"/>
    public bool IsEntryExcluded(ReadOnlySpan<byte> utf8Path, bool isDirectory) => IsEntryExcluded<byte, Utf8PathText>(utf8Path, isDirectory);

    private bool IsEntryExcluded<T, TText>(ReadOnlySpan<T> path, bool isDirectory)
        where T : unmanaged
        where TText : IPathText<T>
    {
        Span<bool> buffer = stackalloc bool[GlobPattern.StackStates];
        for (var r = _rules.Length - 1; r >= 0; r--)
        {
            var rule = _rules[r];
            if (rule.IsDirectoryOnly && !isDirectory)
            {
                continue;
            }

            var states = rule.States(buffer);
            rule.Start(states);
            var position = 0;
            var sawSegment = false;
            var alive = true;
            while (alive && PathText.NextSegment<T, TText>(path, ref position, out var segment))
            {
                sawSegment = true;
                alive = rule.Step<T, TText>(states, segment);
            }

            if (alive && sawSegment && GlobPattern.IsAccepting(states))
            {
                return !rule.IsNegated;
            }
        }

        return false;
    }

    private bool IsExcluded<T, TText>(ReadOnlySpan<T> path, bool isDirectory)
        where T : unmanaged
        where TText : IPathText<T>
    {
        var depth = PathText.CountSegments<T, TText>(path);
        if (depth == 0 || _rules.Length == 0)
        {
            return false;
        }

        // verdicts[d] is what the last matching rule says about the first d + 1 segments; one pass per rule fills in
        // every prefix, so parents cost no extra passes.
        var verdicts = depth <= MaxStackDepth ? stackalloc byte[depth] : new byte[depth];
        verdicts.Clear();
        Span<bool> buffer = stackalloc bool[GlobPattern.StackStates];
        foreach (var rule in _rules)
        {
            var states = rule.States(buffer);
            rule.Start(states);
            var position = 0;
            for (var d = 0; PathText.NextSegment<T, TText>(path, ref position, out var segment); d++)
            {
                if (!rule.Step<T, TText>(states, segment))
                {
                    break;
                }

                // Parents are directories; only the path itself may be a file.
                var applies = d < depth - 1 || isDirectory || !rule.IsDirectoryOnly;
                if (applies && GlobPattern.IsAccepting(states))
                {
                    verdicts[d] = rule.IsNegated ? Included : Excluded;
                }
            }
        }

        return verdicts.Contains(Excluded);
    }

    private static string TrimLine(string line)
    {
        var end = line.Length;
        if (end > 0 && line[end - 1] == '\r')
        {
            end--;
        }

        while (end > 0 && line[end - 1] == ' ')
        {
            // A space preceded by an odd number of backslashes is escaped and stays.
            var backslashes = 0;
            while (end - 2 - backslashes >= 0 && line[end - 2 - backslashes] == '\\')
            {
                backslashes++;
            }

            if (backslashes % 2 == 1)
            {
                break;
            }

            end--;
        }

        return line[..end];
    }

    private static GlobPattern[] ParsePatterns(IEnumerable<string> patterns)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        return patterns.Select(GlobPattern.Parse).ToArray();
    }
}
