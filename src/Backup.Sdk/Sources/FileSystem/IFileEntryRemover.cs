namespace Backup.Sdk.Sources.FileSystem;

/// <summary>Removes entries by name; a symbolic link is removed itself, never its target.</summary>
public interface IFileEntryRemover
{
    /// <summary>Removes a name that is not a directory (<c>unlink</c>).</summary>
    /// <param name="path">The entry's path.</param>
    /// <exception cref="FileSystemEntryException">It cannot be removed (EISDIR for a directory).</exception>
    void Delete(string path);

    /// <inheritdoc cref="Delete(string)" />
    void Delete(ReadOnlySpan<byte> path);

    /// <summary>Removes an empty directory (<c>rmdir</c>).</summary>
    /// <param name="path">The directory's path.</param>
    /// <exception cref="FileSystemEntryException">It cannot be removed (ENOTEMPTY, ENOTDIR).</exception>
    void DeleteDirectory(string path);

    /// <inheritdoc cref="DeleteDirectory(string)" />
    void DeleteDirectory(ReadOnlySpan<byte> path);
}
