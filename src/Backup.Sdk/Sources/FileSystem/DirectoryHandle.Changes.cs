namespace Backup.Sdk.Sources.FileSystem;

/// <content>The operations that create, change and remove entries in the directory.</content>
public sealed partial class DirectoryHandle
{
    /// <summary>Creates a subdirectory (<c>mkdirat</c>).</summary>
    /// <param name="name">Its name.</param>
    /// <param name="mode">Its permission bits (the process umask applies; set the exact mode afterwards with <see cref="SetMode"/>).</param>
    /// <exception cref="FileSystemEntryException">It cannot be created (EEXIST when the name is taken).</exception>
    public void CreateDirectory(ReadOnlySpan<byte> name, UnixFileMode mode)
    {
        CheckName(name);
        UnixCalls.CreateDirectory(this, name, mode);
    }

    /// <summary>Creates a symbolic link (<c>symlinkat</c>). The target is stored as given and is not checked or resolved.</summary>
    /// <param name="target">The link's target bytes.</param>
    /// <param name="name">The link's name in this directory.</param>
    /// <exception cref="FileSystemEntryException">It cannot be created.</exception>
    public void CreateSymlink(ReadOnlySpan<byte> target, ReadOnlySpan<byte> name)
    {
        CheckName(name);
        UnixCalls.CreateSymlink(target, this, name);
    }

    /// <summary>Creates a hard link in this directory to an existing entry (<c>linkat</c>; a symbolic link is linked itself).</summary>
    /// <param name="existingDirectory">The directory holding the existing entry (may be this one).</param>
    /// <param name="existingName">The existing entry's name there.</param>
    /// <param name="name">The new name in this directory.</param>
    /// <exception cref="FileSystemEntryException">It cannot be created (EXDEV across file systems, EEXIST when the name is taken).</exception>
    public void CreateHardLink(DirectoryHandle existingDirectory, ReadOnlySpan<byte> existingName, ReadOnlySpan<byte> name)
    {
        ArgumentNullException.ThrowIfNull(existingDirectory);
        CheckName(existingName);
        CheckName(name);
        UnixCalls.CreateHardLink(existingDirectory, existingName, this, name);
    }

    /// <summary>Creates a named pipe (<c>mkfifoat</c>).</summary>
    /// <param name="name">Its name.</param>
    /// <param name="mode">Its permission bits (the umask applies).</param>
    /// <exception cref="FileSystemEntryException">It cannot be created.</exception>
    public void CreateFifo(ReadOnlySpan<byte> name, UnixFileMode mode)
    {
        CheckName(name);
        UnixCalls.CreateFifo(this, name, mode);
    }

    /// <summary>Creates a block or character device node (<c>mknodat</c>; needs CAP_MKNOD, in practice root).</summary>
    /// <param name="name">Its name.</param>
    /// <param name="type"><see cref="FileEntryType.BlockDevice"/> or <see cref="FileEntryType.CharacterDevice"/>.</param>
    /// <param name="mode">Its permission bits (the umask applies).</param>
    /// <param name="device">The device it stands for (see <see cref="UnixDevice.Make"/>).</param>
    /// <exception cref="FileSystemEntryException">It cannot be created (EPERM without the capability).</exception>
    public void CreateDevice(ReadOnlySpan<byte> name, FileEntryType type, UnixFileMode mode, ulong device)
    {
        CheckName(name);
        UnixCalls.CreateDevice(this, name, type, mode, device);
    }

    /// <summary>Sets the owner and group of an entry, not following a symbolic link (<c>fchownat</c>, <c>AT_SYMLINK_NOFOLLOW</c>).</summary>
    /// <param name="name">The entry's name.</param>
    /// <param name="userId">The new owner's user id.</param>
    /// <param name="groupId">The new group id.</param>
    /// <exception cref="FileSystemEntryException">It cannot be changed (EPERM when not root).</exception>
    public void SetOwner(ReadOnlySpan<byte> name, uint userId, uint groupId)
    {
        CheckName(name);
        UnixCalls.SetOwner(this, name, userId, groupId);
    }

    /// <summary>
    /// Sets the permission bits of an entry exactly (the umask does not apply), setuid, setgid and sticky included. Refused
    /// for a symbolic link (EOPNOTSUPP), whose mode Linux does not use. Set it after <see cref="SetOwner"/>: a change of
    /// owner clears setuid and setgid.
    /// </summary>
    /// <param name="name">The entry's name.</param>
    /// <param name="mode">The permission bits.</param>
    /// <exception cref="FileSystemEntryException">It cannot be changed.</exception>
    public void SetMode(ReadOnlySpan<byte> name, UnixFileMode mode)
    {
        CheckName(name);
        UnixCalls.SetMode(this, name, mode);
    }

    /// <summary>Sets access and modification times to the nanosecond, not following a symbolic link (<c>utimensat</c>, <c>AT_SYMLINK_NOFOLLOW</c>).</summary>
    /// <param name="name">The entry's name.</param>
    /// <param name="accessTimeNs">The access time, nanoseconds since the Unix epoch.</param>
    /// <param name="modificationTimeNs">The modification time, nanoseconds since the Unix epoch.</param>
    /// <exception cref="FileSystemEntryException">They cannot be changed.</exception>
    public void SetTimes(ReadOnlySpan<byte> name, long accessTimeNs, long modificationTimeNs)
    {
        CheckName(name);
        UnixCalls.SetTimes(this, name, accessTimeNs, modificationTimeNs);
    }

    /// <summary>Removes a name that is not a directory (<c>unlinkat</c>); a symbolic link is removed, not its target.</summary>
    /// <param name="name">The entry's name.</param>
    /// <exception cref="FileSystemEntryException">It cannot be removed (EISDIR for a directory).</exception>
    public void Delete(ReadOnlySpan<byte> name)
    {
        CheckName(name);
        UnixCalls.Delete(this, name, isDirectory: false);
    }

    /// <summary>Removes an empty subdirectory (<c>unlinkat</c> with <c>AT_REMOVEDIR</c>).</summary>
    /// <param name="name">The subdirectory's name.</param>
    /// <exception cref="FileSystemEntryException">It cannot be removed (ENOTEMPTY, ENOTDIR).</exception>
    public void DeleteDirectory(ReadOnlySpan<byte> name)
    {
        CheckName(name);
        UnixCalls.Delete(this, name, isDirectory: true);
    }
}
