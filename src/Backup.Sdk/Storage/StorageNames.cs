namespace Backup.Sdk.Storage;

/// <summary>The rules for object names that every <see cref="IStorageBackend"/> accepts.</summary>
/// <remarks>
/// <para>A name is one or more segments separated by single <c>/</c>; each segment is ASCII letters, digits, <c>.</c>,
/// <c>_</c> and <c>-</c>, and does not start with <c>.</c>. So a name is never absolute, never climbs with <c>..</c>, and maps
/// onto a relative path on every file system.</para>
/// <para>Segments starting with <c>.</c> are reserved for backends: a backend may keep its own bookkeeping (temporary files,
/// locks) under dot-names such as <c>.tmp/</c>, which can never collide with an object and which listings never return.</para>
/// <para>Names are compared ordinally (case-sensitive). Backends on case-insensitive file systems rely on callers not using
/// names that differ only in case; the repository format names objects with lowercase hex only.</para>
/// </remarks>
public static class StorageNames
{
    /// <summary>The longest name accepted.</summary>
    public const int MaxLength = 512;

    /// <summary>
    /// Throws <see cref="ArgumentException"/> unless <paramref name="name"/> is one or more segments of ASCII letters, digits,
    /// <c>.</c>, <c>_</c> and <c>-</c> separated by single <c>/</c>, with no segment starting with <c>.</c>
    /// (which also rules out <c>.</c> and <c>..</c>), and at most <see cref="MaxLength"/> characters.
    /// </summary>
    /// <param name="name">The object name to check.</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> breaks the rules.</exception>
    public static void Validate(string name)
    {
        if (!IsValid(name))
        {
            throw new ArgumentException($"'{name}' is not a valid storage object name.", nameof(name));
        }
    }

    /// <summary>Validates a listing prefix: empty, or a valid name optionally followed by <c>/</c>.</summary>
    /// <param name="prefix">The prefix to check, e.g. <c>snapshots/</c> or <c>data/a</c>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="prefix"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="prefix"/> breaks the rules.</exception>
    public static void ValidatePrefix(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        if (prefix.Length == 0)
        {
            return;
        }

        var trimmed = prefix.EndsWith('/') ? prefix[..^1] : prefix;
        if (!IsValid(trimmed))
        {
            throw new ArgumentException($"'{prefix}' is not a valid storage prefix.", nameof(prefix));
        }
    }

    /// <summary>Whether <paramref name="name"/> follows the rules of <see cref="Validate"/>.</summary>
    /// <param name="name">The object name to check; <see langword="null"/> is not valid.</param>
    public static bool IsValid(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxLength)
        {
            return false;
        }

        var segmentStart = 0;
        for (var i = 0; i <= name.Length; i++)
        {
            if (i == name.Length || name[i] == '/')
            {
                var length = i - segmentStart;
                // A leading dot also rules out "." and "..", and leaves dot-names to backends for their bookkeeping.
                if (length == 0 || name[segmentStart] == '.')
                {
                    return false;
                }

                segmentStart = i + 1;
                continue;
            }

            var c = name[i];
            if (!(char.IsAsciiLetterOrDigit(c) || c == '.' || c == '_' || c == '-'))
            {
                return false;
            }
        }

        return true;
    }
}
