using Microsoft.Win32.SafeHandles;

namespace Backup.Sdk.Sources.FileSystem;

/// <summary>
/// Opens regular files by path, never through a symbolic link, also by byte paths that a <see cref="FileStream"/> cannot
/// name. Use the handles with <see cref="RandomAccess"/> or wrap them in a <see cref="FileStream"/>.
/// </summary>
public interface IFileOpener
{
    /// <summary>Opens a file for reading (<c>O_RDONLY|O_NOFOLLOW</c>).</summary>
    /// <param name="path">The file's path.</param>
    /// <returns>The handle; dispose it.</returns>
    /// <exception cref="FileSystemEntryException">It cannot be opened (ELOOP for a symbolic link).</exception>
    SafeFileHandle OpenFile(string path);

    /// <inheritdoc cref="OpenFile(string)" />
    SafeFileHandle OpenFile(ReadOnlySpan<byte> path);

    /// <summary>
    /// Creates a new file and opens it for writing (<c>O_WRONLY|O_CREAT|O_EXCL|O_NOFOLLOW</c>): it fails with EEXIST when
    /// anything, a symbolic link included, already has the name.
    /// </summary>
    /// <param name="path">The file's path.</param>
    /// <param name="mode">Its permission bits (reduced by the umask).</param>
    /// <returns>The write handle; dispose it.</returns>
    /// <exception cref="FileSystemEntryException">It cannot be created.</exception>
    SafeFileHandle CreateFile(string path, UnixFileMode mode);

    /// <inheritdoc cref="CreateFile(string, UnixFileMode)" />
    SafeFileHandle CreateFile(ReadOnlySpan<byte> path, UnixFileMode mode);
}
