using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using Microsoft.Win32.SafeHandles;

namespace Backup.Sdk.Sources.FileSystem;

/// <summary>
/// An open directory (<c>O_DIRECTORY</c>, by default <c>O_NOFOLLOW</c>) and the operations on the names in it, each an
/// *at() call relative to this descriptor. Two things follow: paths of any depth work (every call sees one name, never a
/// path longer than <c>PATH_MAX</c>), and a restore that walks down with <see cref="OpenDirectory"/> never leaves the tree
/// through a symbolic link planted in it. Every <c>name</c> must be one component: not empty, not <c>.</c> or <c>..</c>,
/// no <c>/</c> (a trailing NUL is allowed). No operation follows a symbolic link named by <c>name</c>.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed partial class DirectoryHandle : SafeHandle
{
    private DirectoryHandle(int fd, string path)
        : base(-1, ownsHandle: true)
    {
        SetHandle(fd);
        Path = path;
    }

    /// <summary>The directory's path, for messages (invalid UTF-8 bytes shown as <c>\xNN</c>).</summary>
    public string Path { get; }

    /// <inheritdoc />
    public override bool IsInvalid => handle < 0;

    /// <summary>Opens a directory by path.</summary>
    /// <param name="path">The path.</param>
    /// <param name="followSymlink">Whether a symbolic link as the last component is followed; by default it is refused (Linux reports ENOTDIR for a symbolic link opened as a directory without following it).</param>
    /// <returns>The open directory; dispose it.</returns>
    /// <exception cref="FileSystemEntryException">The directory cannot be opened (ENOENT, ENOTDIR also for a symbolic link, EACCES…).</exception>
    public static DirectoryHandle Open(string path, bool followSymlink = false) => Open(UnixPath.Encode(path), followSymlink);

    /// <summary>Opens a directory by a path given as bytes.</summary>
    /// <param name="path">The path bytes, optionally NUL-terminated.</param>
    /// <param name="followSymlink">Whether a symbolic link as the last component is followed; by default it is refused (Linux reports ENOTDIR for a symbolic link opened as a directory without following it).</param>
    /// <returns>The open directory; dispose it.</returns>
    /// <exception cref="FileSystemEntryException">The directory cannot be opened.</exception>
    public static DirectoryHandle Open(ReadOnlySpan<byte> path, bool followSymlink = false)
    {
        var fd = UnixCalls.Open(null, path, DirectoryFlags(followSymlink), 0);
        return new DirectoryHandle(fd, UnixPath.ToDisplayString(path));
    }

    /// <summary>Opens a subdirectory of this directory.</summary>
    /// <param name="name">The subdirectory's name.</param>
    /// <param name="followSymlink">Whether a symbolic link by that name is followed; by default it is refused (Linux reports ENOTDIR for a symbolic link opened as a directory without following it).</param>
    /// <returns>The open subdirectory; dispose it.</returns>
    /// <exception cref="FileSystemEntryException">It cannot be opened (ENOENT, ENOTDIR also for a symbolic link, EACCES…).</exception>
    public DirectoryHandle OpenDirectory(ReadOnlySpan<byte> name, bool followSymlink = false)
    {
        CheckName(name);
        var fd = UnixCalls.Open(this, name, DirectoryFlags(followSymlink), 0);
        return new DirectoryHandle(fd, UnixErrors.Describe(this, name));
    }

    /// <summary>Opens a regular file in this directory for reading, refusing a symbolic link (ELOOP).</summary>
    /// <param name="name">The file's name.</param>
    /// <returns>The handle, for <see cref="RandomAccess"/> or a <see cref="FileStream"/>; dispose it.</returns>
    /// <exception cref="FileSystemEntryException">It cannot be opened.</exception>
    public SafeFileHandle OpenFile(ReadOnlySpan<byte> name)
    {
        CheckName(name);
        return new SafeFileHandle(UnixCalls.Open(this, name, LibC.ORdOnly | LibC.ONoFollow, 0), ownsHandle: true);
    }

    /// <summary>
    /// Creates a regular file in this directory and opens it for writing. It must not exist yet (<c>O_CREAT|O_EXCL</c>), so
    /// an entry planted there, a symbolic link included, makes this fail with EEXIST rather than write through it.
    /// </summary>
    /// <param name="name">The file's name.</param>
    /// <param name="mode">The permission bits to create it with (the process umask applies; set the exact mode afterwards with <see cref="SetMode"/>).</param>
    /// <returns>The write handle; dispose it. Data written at offsets past the end leaves holes before it.</returns>
    /// <exception cref="FileSystemEntryException">It cannot be created (EEXIST when the name is taken).</exception>
    public SafeFileHandle CreateFile(ReadOnlySpan<byte> name, UnixFileMode mode)
    {
        CheckName(name);
        var flags = LibC.OWrOnly | LibC.OCreat | LibC.OExcl | LibC.ONoFollow;
        return new SafeFileHandle(UnixCalls.Open(this, name, flags, mode), ownsHandle: true);
    }

    /// <summary>Reads this directory's own info.</summary>
    /// <returns>The info.</returns>
    public FileEntryInfo GetInfo() => UnixCalls.GetInfo(this, ReadOnlySpan<byte>.Empty, LibC.AtEmptyPath | LibC.AtSymlinkNoFollow);

    /// <summary>Reads the info of an entry in this directory, without following a symbolic link.</summary>
    /// <param name="name">The entry's name.</param>
    /// <returns>The info.</returns>
    /// <exception cref="FileSystemEntryException">It cannot be read (<see cref="FileSystemEntryNotFoundException"/> when missing).</exception>
    public FileEntryInfo GetInfo(ReadOnlySpan<byte> name)
    {
        CheckName(name);
        return UnixCalls.GetInfo(this, name);
    }

    /// <summary>Reads the target of a symbolic link in this directory, as stored (bytes; it may dangle).</summary>
    /// <param name="name">The link's name.</param>
    /// <returns>The target bytes.</returns>
    /// <exception cref="FileSystemEntryException">It is not a symbolic link (EINVAL) or cannot be read.</exception>
    public byte[] ReadLink(ReadOnlySpan<byte> name)
    {
        CheckName(name);
        return UnixCalls.ReadLink(this, name);
    }

    /// <summary>Lists this directory (without <c>.</c> and <c>..</c>), from the start, whatever was listed before.</summary>
    /// <returns>The entries, read lazily; dispose the enumerator (as <c>foreach</c> does) to close the listing.</returns>
    public IEnumerable<DirectoryEntry> EnumerateEntries()
    {
        // A descriptor of its own (a new open file description), so listings do not share a position with this handle.
        var fd = UnixCalls.Open(this, "."u8, LibC.ORdOnly | LibC.ODirectory, 0);
        return DirectoryListing.Start(fd, Path);
    }

    /// <inheritdoc />
    protected override bool ReleaseHandle() => LibC.Close((int)handle) == 0;

    private static int DirectoryFlags(bool followSymlink) =>
        LibC.ORdOnly | LibC.ODirectory | (followSymlink ? 0 : LibC.ONoFollow);

    private static void CheckName(ReadOnlySpan<byte> name)
    {
        var content = !name.IsEmpty && name[^1] == 0 ? name[..^1] : name;
        if (!UnixPath.IsSingleComponent(content))
        {
            throw new ArgumentException(
                $"'{UnixPath.ToDisplayString(content)}' is not a single name: it must not be empty, '.', '..' or hold '/' or NUL.",
                nameof(name));
        }
    }
}
