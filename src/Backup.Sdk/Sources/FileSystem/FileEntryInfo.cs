namespace Backup.Sdk.Sources.FileSystem;

/// <summary>
/// Everything the file system reports about one entry, read without following a symbolic link (<c>lstat</c> semantics).
/// Times are nanoseconds since the Unix epoch (1970-01-01T00:00:00Z), negative before it.
/// </summary>
public sealed record FileEntryInfo
{
    /// <summary>The kind of entry.</summary>
    public required FileEntryType Type { get; init; }

    /// <summary>The full <c>st_mode</c>: type bits (<c>S_IFMT</c>) and permission bits.</summary>
    public required uint Mode { get; init; }

    /// <summary>The permission bits of <see cref="Mode"/> (<c>0o7777</c>: rwx for user, group, other, plus setuid, setgid, sticky).</summary>
    public UnixFileMode Permissions => (UnixFileMode)(Mode & UnixFileModes.PermissionMask);

    /// <summary>The owner's user id.</summary>
    public required uint UserId { get; init; }

    /// <summary>The owner's group id.</summary>
    public required uint GroupId { get; init; }

    /// <summary>The size in bytes: the logical length of a file, the length of a symbolic link's target.</summary>
    public required long Size { get; init; }

    /// <summary>
    /// The storage allocated, in 512-byte units (<c>st_blocks</c>). Less than <see cref="Size"/> / 512 for a sparse file
    /// (or one the file system compresses); see <see cref="AllocatedBytes"/>.
    /// </summary>
    public required long AllocatedBlocks { get; init; }

    /// <summary>The storage allocated, in bytes (<see cref="AllocatedBlocks"/> × 512).</summary>
    public long AllocatedBytes => AllocatedBlocks * 512;

    /// <summary>The inode number, unique within <see cref="DeviceId"/>; with it, identifies hard links.</summary>
    public required ulong Inode { get; init; }

    /// <summary>
    /// The device holding the entry (<c>st_dev</c>, major and minor encoded as glibc's <c>makedev</c> does; see
    /// <see cref="UnixDevice"/>). Entries on different mounts differ here, which is how a one-file-system walk stops at mounts.
    /// </summary>
    public required ulong DeviceId { get; init; }

    /// <summary>For a block or character device, the device it stands for (<c>st_rdev</c>); 0 otherwise.</summary>
    public required ulong SpecialDeviceId { get; init; }

    /// <summary>The number of hard links (names) to the inode.</summary>
    public required uint LinkCount { get; init; }

    /// <summary>Last access, in nanoseconds since the Unix epoch.</summary>
    public required long AccessTimeNs { get; init; }

    /// <summary>Last content modification, in nanoseconds since the Unix epoch.</summary>
    public required long ModificationTimeNs { get; init; }

    /// <summary>Last status (inode) change, in nanoseconds since the Unix epoch. Cannot be set; restore does not try.</summary>
    public required long ChangeTimeNs { get; init; }

    /// <summary>Creation (birth) time in nanoseconds since the Unix epoch, or <see langword="null"/> where the file system or kernel does not report it. Cannot be set.</summary>
    public long? BirthTimeNs { get; init; }
}
