namespace Backup.Sdk.Sources.FileSystem;

/// <summary>Lists directories by their stored names, as raw bytes, so that names which are not valid UTF-8 survive.</summary>
public interface IDirectoryReader
{
    /// <summary>
    /// Lists a directory, without <c>.</c> and <c>..</c>, in the order the file system returns. The directory is opened at
    /// once (so a missing one fails here) and read lazily; dispose the enumerator (as <c>foreach</c> does) to close it.
    /// A symbolic link as the last component is not followed (ENOTDIR).
    /// </summary>
    /// <param name="path">The directory's path.</param>
    /// <returns>The entries.</returns>
    /// <exception cref="FileSystemEntryException">It cannot be opened or read.</exception>
    IEnumerable<DirectoryEntry> EnumerateDirectory(string path);

    /// <inheritdoc cref="EnumerateDirectory(string)" />
    IEnumerable<DirectoryEntry> EnumerateDirectory(ReadOnlySpan<byte> path);
}
