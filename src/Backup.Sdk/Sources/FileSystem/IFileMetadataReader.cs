namespace Backup.Sdk.Sources.FileSystem;

/// <summary>
/// Reads what a file system entry is, never following a symbolic link. Every call takes the path as a string or as raw
/// bytes (optionally NUL-terminated); use the bytes for names that are not valid UTF-8, which a string cannot carry.
/// </summary>
public interface IFileMetadataReader
{
    /// <summary>Reads an entry's info with <c>lstat</c> semantics: a symbolic link is described, not its target.</summary>
    /// <param name="path">The entry's path.</param>
    /// <returns>The info.</returns>
    /// <exception cref="FileSystemEntryNotFoundException">The entry does not exist (ENOENT).</exception>
    /// <exception cref="FileSystemEntryException">It cannot be read (EACCES, ENOTDIR, ENAMETOOLONG…).</exception>
    FileEntryInfo GetInfo(string path);

    /// <inheritdoc cref="GetInfo(string)" />
    FileEntryInfo GetInfo(ReadOnlySpan<byte> path);

    /// <summary>Reads a symbolic link's target as stored: bytes, not resolved, possibly dangling.</summary>
    /// <param name="path">The link's path.</param>
    /// <returns>The target bytes.</returns>
    /// <exception cref="FileSystemEntryException">It is not a symbolic link (EINVAL) or cannot be read.</exception>
    byte[] ReadLink(string path);

    /// <inheritdoc cref="ReadLink(string)" />
    byte[] ReadLink(ReadOnlySpan<byte> path);
}
