using System.IO.Abstractions;

namespace Backup.Sdk.Validation;

/// <summary>
/// Removes a scratch directory that a drill restored into. Restored directories carry the snapshot's modes, which may
/// forbid removing what is in them, so each directory is made owner-writable before its contents go. Symbolic links are
/// removed, never followed.
/// </summary>
internal static class ScratchCleanup
{
    public static void Remove(IFileSystem fileSystem, string directory)
    {
        if (!fileSystem.Directory.Exists(directory))
        {
            return;
        }

        if (!OperatingSystem.IsWindows())
        {
            MakeWritable(fileSystem, directory);
        }

        fileSystem.Directory.Delete(directory, recursive: true);
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static void MakeWritable(IFileSystem fileSystem, string directory)
    {
        fileSystem.File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        foreach (var sub in fileSystem.Directory.EnumerateDirectories(directory))
        {
            if (!fileSystem.File.GetAttributes(sub).HasFlag(FileAttributes.ReparsePoint))
            {
                MakeWritable(fileSystem, sub);
            }
        }
    }
}
