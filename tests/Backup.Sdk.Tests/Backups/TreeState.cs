using System.Globalization;
using System.Security.Cryptography;

namespace Backup.Sdk.Tests.Backups;

/// <summary>A directory tree as comparable text: each relative path with its kind, its content hash (files) and its mtime.</summary>
internal static class TreeState
{
    public static SortedDictionary<string, string> Capture(string root)
    {
        var state = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in new DirectoryInfo(root).EnumerateFileSystemInfos("*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(root, entry.FullName);
            state[relative] = entry is FileInfo file
                ? string.Create(CultureInfo.InvariantCulture, $"file {Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(file.FullName)))} {file.LastWriteTimeUtc.Ticks}")
                : "dir";
        }

        return state;
    }
}
