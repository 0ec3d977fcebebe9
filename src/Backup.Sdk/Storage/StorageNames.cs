namespace Backup.Sdk.Storage;

/// <summary>The rules for object names that every <see cref="IStorageBackend"/> accepts.</summary>
public static class StorageNames
{
    /// <summary>The longest name accepted.</summary>
    public const int MaxLength = 512;

    /// <summary>
    /// Throws <see cref="ArgumentException"/> unless <paramref name="name"/> is one or more segments of ASCII letters, digits,
    /// <c>.</c>, <c>_</c> and <c>-</c> separated by single <c>/</c>, with no segment <c>.</c> or <c>..</c>.
    /// </summary>
    public static void Validate(string name)
    {
        if (!IsValid(name))
        {
            throw new ArgumentException($"'{name}' is not a valid storage object name.", nameof(name));
        }
    }

    /// <summary>Validates a listing prefix: empty, or a valid name optionally followed by <c>/</c>.</summary>
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
                if (length == 0 || (length == 1 && name[segmentStart] == '.') || (length == 2 && name[segmentStart] == '.' && name[segmentStart + 1] == '.'))
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
