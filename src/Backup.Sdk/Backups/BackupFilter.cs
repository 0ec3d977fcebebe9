using System.Runtime.Versioning;
using System.Text;
using Backup.Sdk.Sources.FileSystem;
using Backup.Sdk.Sources.Filtering;

namespace Backup.Sdk.Backups;

/// <summary>Builds the exclude filter of a run: the patterns, then the lines of each exclude file.</summary>
[SupportedOSPlatform("linux")]
internal static class BackupFilter
{
    public static PathFilter Create(FileBackupOptions options)
    {
        var rules = new List<GlobPattern>(new PathFilter(options.Excludes).Rules);
        foreach (var file in options.ExcludeFiles ?? [])
        {
            rules.AddRange(PathFilter.Parse(ReadLines(file)).Rules);
        }

        return rules.Count == 0 ? PathFilter.Empty : new PathFilter(rules);
    }

    private static List<string> ReadLines(string path)
    {
        try
        {
            using var handle = new LinuxFileSystemMetadata().OpenFile(Path.GetFullPath(path));
            using var stream = new FileStream(handle, FileAccess.Read);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            var lines = new List<string>();
            while (reader.ReadLine() is { } line)
            {
                lines.Add(line);
            }

            return lines;
        }
        catch (FileSystemEntryException ex)
        {
            throw new ArgumentException($"The exclude file '{path}' cannot be read: {ex.Message}", nameof(path), ex);
        }
    }
}
