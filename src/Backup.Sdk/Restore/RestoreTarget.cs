using System.Runtime.Versioning;
using Backup.Sdk.Sources.FileSystem;

namespace Backup.Sdk.Restore;

/// <summary>Opens the restore target, creating it and its missing parents first.</summary>
[SupportedOSPlatform("linux")]
internal static class RestoreTarget
{
    private const int Eexist = 17;
    private const int Enotdir = 20;
    private static readonly LinuxFileSystemMetadata FileSystem = new();

    /// <summary>
    /// Opens the target directory. The path the caller gave is trusted as given (a symbolic link in it is followed, as a
    /// shell would); everything below it is created relative to the returned handle and never follows a link.
    /// </summary>
    /// <exception cref="RestoreTargetException">It is not a directory, or cannot be opened or created.</exception>
    public static DirectoryHandle Open(string target)
    {
        var full = Path.GetFullPath(target);
        try
        {
            Create(full);
            return DirectoryHandle.Open(full, followSymlink: true);
        }
        catch (FileSystemEntryException ex) when (ex.Errno == Enotdir)
        {
            throw new RestoreTargetException(target, "it, or a parent of it, exists and is not a directory", ex);
        }
        catch (FileSystemEntryException ex)
        {
            throw new RestoreTargetException(target, ex.Message, ex);
        }
    }

    private static void Create(string path)
    {
        FileEntryInfo info;
        try
        {
            info = FileSystem.GetInfo(path);
        }
        catch (FileSystemEntryNotFoundException)
        {
            var parent = Path.GetDirectoryName(path);
            if (parent is not null && parent != path)
            {
                Create(parent);
            }

            try
            {
                FileSystem.CreateDirectory(path, (UnixFileMode)0x1ED); // 0755, less the umask
            }
            catch (FileSystemEntryException ex) when (ex.Errno == Eexist)
            {
                // Made meanwhile by someone else: fine, it is checked when opened.
            }

            return;
        }

        if (info.Type is not FileEntryType.Directory and not FileEntryType.SymbolicLink)
        {
            throw new FileSystemEntryException("open", path, Enotdir);
        }
    }
}
