namespace Backup.Sdk.Sources.FileSystem;

/// <summary>
/// Creates entries that are not regular files: directories, symbolic links, hard links, named pipes and device nodes.
/// Each fails with EEXIST when the name is taken. Permission bits given here are reduced by the umask; set the exact mode
/// with <see cref="IFileMetadataWriter.SetMode(string, UnixFileMode)"/>.
/// </summary>
public interface IFileEntryCreator
{
    /// <summary>Creates a directory.</summary>
    /// <param name="path">Its path.</param>
    /// <param name="mode">Its permission bits.</param>
    /// <exception cref="FileSystemEntryException">It cannot be created.</exception>
    void CreateDirectory(string path, UnixFileMode mode);

    /// <inheritdoc cref="CreateDirectory(string, UnixFileMode)" />
    void CreateDirectory(ReadOnlySpan<byte> path, UnixFileMode mode);

    /// <summary>Creates a symbolic link whose target is stored as given (not checked, not resolved).</summary>
    /// <param name="target">The target bytes.</param>
    /// <param name="path">The link's path.</param>
    /// <exception cref="FileSystemEntryException">It cannot be created.</exception>
    void CreateSymlink(ReadOnlySpan<byte> target, string path);

    /// <inheritdoc cref="CreateSymlink(ReadOnlySpan{byte}, string)" />
    void CreateSymlink(ReadOnlySpan<byte> target, ReadOnlySpan<byte> path);

    /// <summary>Creates a hard link: a second name for an existing entry (a symbolic link is linked itself, not its target).</summary>
    /// <param name="existingPath">The existing entry.</param>
    /// <param name="newPath">The new name.</param>
    /// <exception cref="FileSystemEntryException">It cannot be created (EXDEV across file systems).</exception>
    void CreateHardLink(string existingPath, string newPath);

    /// <inheritdoc cref="CreateHardLink(string, string)" />
    void CreateHardLink(ReadOnlySpan<byte> existingPath, ReadOnlySpan<byte> newPath);

    /// <summary>Creates a named pipe (FIFO).</summary>
    /// <param name="path">Its path.</param>
    /// <param name="mode">Its permission bits.</param>
    /// <exception cref="FileSystemEntryException">It cannot be created.</exception>
    void CreateFifo(string path, UnixFileMode mode);

    /// <inheritdoc cref="CreateFifo(string, UnixFileMode)" />
    void CreateFifo(ReadOnlySpan<byte> path, UnixFileMode mode);

    /// <summary>Creates a block or character device node (<c>mknod</c>; needs CAP_MKNOD, in practice root).</summary>
    /// <param name="path">Its path.</param>
    /// <param name="type"><see cref="FileEntryType.BlockDevice"/> or <see cref="FileEntryType.CharacterDevice"/>.</param>
    /// <param name="mode">Its permission bits.</param>
    /// <param name="device">The device it stands for (<see cref="FileEntryInfo.SpecialDeviceId"/>; see <see cref="UnixDevice.Make"/>).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="type"/> is not a device type.</exception>
    /// <exception cref="FileSystemEntryException">It cannot be created (EPERM without the capability).</exception>
    void CreateDevice(string path, FileEntryType type, UnixFileMode mode, ulong device);

    /// <inheritdoc cref="CreateDevice(string, FileEntryType, UnixFileMode, ulong)" />
    void CreateDevice(ReadOnlySpan<byte> path, FileEntryType type, UnixFileMode mode, ulong device);
}
