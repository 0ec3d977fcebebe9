namespace Backup.Sdk.Sources.FileSystem;

/// <summary>
/// Restores the metadata of an existing entry, never following a symbolic link. Order for a restore: owner, then mode
/// (a change of owner clears setuid/setgid), then times (any change touches nothing but ctime, which cannot be set).
/// </summary>
public interface IFileMetadataWriter
{
    /// <summary>Sets owner and group (<c>lchown</c> semantics: a symbolic link itself is changed).</summary>
    /// <param name="path">The entry's path.</param>
    /// <param name="userId">The owner's user id.</param>
    /// <param name="groupId">The group id.</param>
    /// <exception cref="FileSystemEntryException">It cannot be changed (EPERM when not root).</exception>
    void SetOwner(string path, uint userId, uint groupId);

    /// <inheritdoc cref="SetOwner(string, uint, uint)" />
    void SetOwner(ReadOnlySpan<byte> path, uint userId, uint groupId);

    /// <summary>Sets the permission bits exactly (setuid, setgid and sticky included; no umask). Refused for a symbolic link (EOPNOTSUPP).</summary>
    /// <param name="path">The entry's path.</param>
    /// <param name="mode">The permission bits.</param>
    /// <exception cref="FileSystemEntryException">It cannot be changed.</exception>
    void SetMode(string path, UnixFileMode mode);

    /// <inheritdoc cref="SetMode(string, UnixFileMode)" />
    void SetMode(ReadOnlySpan<byte> path, UnixFileMode mode);

    /// <summary>Sets access and modification times to the nanosecond (<c>utimensat</c> with <c>AT_SYMLINK_NOFOLLOW</c>).</summary>
    /// <param name="path">The entry's path.</param>
    /// <param name="accessTimeNs">Access time, nanoseconds since the Unix epoch.</param>
    /// <param name="modificationTimeNs">Modification time, nanoseconds since the Unix epoch.</param>
    /// <exception cref="FileSystemEntryException">They cannot be changed.</exception>
    void SetTimes(string path, long accessTimeNs, long modificationTimeNs);

    /// <inheritdoc cref="SetTimes(string, long, long)" />
    void SetTimes(ReadOnlySpan<byte> path, long accessTimeNs, long modificationTimeNs);
}
