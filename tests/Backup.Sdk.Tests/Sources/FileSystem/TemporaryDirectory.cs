using System.Runtime.Versioning;
using System.Text;
using Backup.Sdk.Sources.FileSystem;

namespace Backup.Sdk.Tests.Sources.FileSystem;

/// <summary>A fresh directory under the temp path, removed with everything in it (deep trees and odd names included).</summary>
[SupportedOSPlatform("linux")]
internal sealed class TemporaryDirectory : IDisposable
{
    private readonly string _name = "backup-sdk-fs-" + Guid.NewGuid().ToString("N");

    public TemporaryDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), _name);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public byte[] PathBytes => Encoding.UTF8.GetBytes(Path);

    public string Combine(string name) => System.IO.Path.Combine(Path, name);

    public byte[] Combine(ReadOnlySpan<byte> name) => UnixPath.Join(PathBytes, name);

    public void Dispose()
    {
        using var parent = DirectoryHandle.Open(System.IO.Path.GetTempPath());
        var name = Encoding.UTF8.GetBytes(_name);
        using (var root = parent.OpenDirectory(name))
        {
            DeleteContents(root);
        }

        parent.DeleteDirectory(name);
    }

    /// <summary>Removes everything in a directory through handles, so no path ever gets longer than one name.</summary>
    public static void DeleteContents(DirectoryHandle directory)
    {
        foreach (var entry in directory.EnumerateEntries().ToList())
        {
            var type = entry.Type == FileEntryType.Unknown ? directory.GetInfo(entry.Name).Type : entry.Type;
            if (type == FileEntryType.Directory)
            {
                using (var child = directory.OpenDirectory(entry.Name))
                {
                    DeleteContents(child);
                }

                directory.DeleteDirectory(entry.Name);
            }
            else
            {
                directory.Delete(entry.Name);
            }
        }
    }
}
