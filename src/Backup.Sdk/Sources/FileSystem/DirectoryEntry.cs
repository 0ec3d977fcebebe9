namespace Backup.Sdk.Sources.FileSystem;

/// <summary>One name in a directory listing, as the directory stores it.</summary>
/// <param name="Name">The name's raw bytes (no <c>/</c>, no NUL; not necessarily valid UTF-8). <see cref="UnixPath.TryDecode"/> converts it to text where possible.</param>
/// <param name="Type">The kind of entry from <c>d_type</c>; <see cref="FileEntryType.Unknown"/> where the file system does not report it.</param>
/// <param name="Inode">The inode number from <c>d_ino</c>.</param>
public readonly record struct DirectoryEntry(byte[] Name, FileEntryType Type, ulong Inode);

/// <summary>A range of a file that holds data (not a hole).</summary>
/// <param name="Offset">The first byte of the range.</param>
/// <param name="Length">The number of bytes in the range.</param>
public readonly record struct FileRegion(long Offset, long Length);
