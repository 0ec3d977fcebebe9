namespace Backup.Cli.Tests.EndToEnd;

/// <summary>Generated source trees and byte-for-byte comparison of restored ones.</summary>
internal static class SourceTree
{
    public static void Generate(string root, int files, int maxFileSize, int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < files; i++)
        {
            var directory = Path.Combine(root, $"dir{i % 7}", $"sub{i % 3}");
            Directory.CreateDirectory(directory);
            var content = new byte[random.Next(0, maxFileSize)];
            random.NextBytes(content);
            File.WriteAllBytes(Path.Combine(directory, $"file{i}.bin"), content);
        }

        Directory.CreateDirectory(Path.Combine(root, "empty"));
        File.WriteAllBytes(Path.Combine(root, "empty.txt"), []);
    }

    /// <summary>Relative path → content hash of every file, and every directory, below <paramref name="root"/>.</summary>
    public static SortedDictionary<string, string> Fingerprint(string root)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(root, entry);
            result[relative] = Directory.Exists(entry)
                ? "dir"
                : Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(entry)));
        }

        return result;
    }

    /// <summary>Where a restore puts a backed-up absolute path: the path recreated below the target.</summary>
    public static string RestoredPath(string target, string source) => Path.Combine(target, source.TrimStart('/'));
}
