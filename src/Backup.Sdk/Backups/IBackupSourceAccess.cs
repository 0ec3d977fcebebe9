using System.Runtime.Versioning;
using Backup.Sdk.Sources.FileSystem;
using Microsoft.Win32.SafeHandles;

namespace Backup.Sdk.Backups;

/// <summary>
/// The file system calls the backup engine makes on entries, each relative to an open directory. A seam, so that tests can
/// make an entry fail, vanish, change while it is read, or sit on another device; production uses <see cref="LinuxBackupSourceAccess"/>.
/// </summary>
[SupportedOSPlatform("linux")]
internal interface IBackupSourceAccess
{
    /// <summary>lstat of an entry in a directory.</summary>
    FileEntryInfo GetInfo(DirectoryHandle directory, byte[] name);

    /// <summary>Opens a regular file in a directory for reading, not through a symbolic link.</summary>
    SafeFileHandle OpenFile(DirectoryHandle directory, byte[] name);

    /// <summary>Opens a subdirectory, not through a symbolic link.</summary>
    DirectoryHandle OpenDirectory(DirectoryHandle directory, byte[] name);

    /// <summary>The data regions of an open file (SEEK_DATA / SEEK_HOLE).</summary>
    IReadOnlyList<FileRegion> GetDataRegions(SafeFileHandle file);

    /// <summary>Called after each chunk of a file is saved (a test hook; nothing in production).</summary>
    void ChunkSaved(DirectoryHandle directory, byte[] name, int chunkIndex);
}

/// <summary>The real calls.</summary>
[SupportedOSPlatform("linux")]
internal sealed class LinuxBackupSourceAccess : IBackupSourceAccess
{
    private readonly LinuxFileSystemMetadata _metadata = new();

    public static LinuxBackupSourceAccess Instance { get; } = new();

    public FileEntryInfo GetInfo(DirectoryHandle directory, byte[] name) => directory.GetInfo(name);

    public SafeFileHandle OpenFile(DirectoryHandle directory, byte[] name) => directory.OpenFile(name);

    public DirectoryHandle OpenDirectory(DirectoryHandle directory, byte[] name) => directory.OpenDirectory(name);

    public IReadOnlyList<FileRegion> GetDataRegions(SafeFileHandle file) => [.. _metadata.GetDataRegions(file)];

    public void ChunkSaved(DirectoryHandle directory, byte[] name, int chunkIndex)
    {
    }
}
