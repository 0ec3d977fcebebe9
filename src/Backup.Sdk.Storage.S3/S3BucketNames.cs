namespace Backup.Sdk.Storage.S3;

/// <summary>The bucket naming rules that all S3 regions and common S3-compatible stores share.</summary>
internal static class S3BucketNames
{
    public static bool IsValid(string? name)
    {
        if (name is null || name.Length is < 3 or > 63)
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '.' || c == '-'))
            {
                return false;
            }
        }

        return char.IsAsciiLetterOrDigit(name[0]) && char.IsAsciiLetterOrDigit(name[^1]);
    }
}
