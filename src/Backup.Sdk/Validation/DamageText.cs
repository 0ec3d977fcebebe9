namespace Backup.Sdk.Validation;

/// <summary>The words of a problem message taken from the exception that found it.</summary>
internal static class DamageText
{
    public static string Describe(Exception exception) => exception switch
    {
        CorruptObjectException corrupt => corrupt.Detail,
        _ => exception.Message,
    };

    /// <summary>Whether an exception from reading a stored object means the object is damaged or gone (rather than storage being unreachable).</summary>
    public static bool IsDamage(Exception exception) =>
        exception is CorruptObjectException or UnsupportedFormatVersionException or RepositoryMismatchException or ObjectNotFoundException
            // A ranged read past the end of an object: the object is shorter than the index says.
            or ArgumentOutOfRangeException;
}
