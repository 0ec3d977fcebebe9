using System.Runtime.Versioning;

namespace Backup.Sdk.Sources.FileSystem;

/// <summary>
/// The Linux implementation (glibc 2.28 or later; x64 and arm64) of the platform layer: reads, creates and restores
/// everything a Unix file system entry has, by string or byte paths, through <c>statx</c> and the *at() family with
/// <c>AT_FDCWD</c>. Paths are limited to <c>PATH_MAX</c> (4096 bytes, ENAMETOOLONG past it); for deeper trees, and for a
/// restore that must never follow a symbolic link planted in the tree, walk with <see cref="DirectoryHandle"/>.
/// Stateless and thread-safe.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed partial class LinuxFileSystemMetadata
    : IFileMetadataReader, IFileMetadataWriter, IFileEntryCreator, IFileEntryRemover, IDirectoryReader, IFileOpener, ISparseFileAccess
{
    /// <summary>Creates the implementation.</summary>
    /// <exception cref="PlatformNotSupportedException">Not running on Linux.</exception>
    public LinuxFileSystemMetadata()
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException($"{nameof(LinuxFileSystemMetadata)} runs on Linux only.");
        }
    }

    /// <inheritdoc />
    public FileEntryInfo GetInfo(string path)
    {
        // The hot call of a backup walk: encode on the stack rather than allocate.
        Span<byte> scratch = stackalloc byte[NativePath.StackSize];
        using var native = new NativePath(path, scratch);
        return UnixCalls.GetInfo(null, native.Bytes);
    }

    /// <inheritdoc />
    public FileEntryInfo GetInfo(ReadOnlySpan<byte> path) => UnixCalls.GetInfo(null, path);

    /// <inheritdoc />
    public byte[] ReadLink(string path) => UnixCalls.ReadLink(null, UnixPath.Encode(path));

    /// <inheritdoc />
    public byte[] ReadLink(ReadOnlySpan<byte> path) => UnixCalls.ReadLink(null, path);

    /// <inheritdoc />
    public void SetOwner(string path, uint userId, uint groupId) => UnixCalls.SetOwner(null, UnixPath.Encode(path), userId, groupId);

    /// <inheritdoc />
    public void SetOwner(ReadOnlySpan<byte> path, uint userId, uint groupId) => UnixCalls.SetOwner(null, path, userId, groupId);

    /// <inheritdoc />
    public void SetMode(string path, UnixFileMode mode) => UnixCalls.SetMode(null, UnixPath.Encode(path), mode);

    /// <inheritdoc />
    public void SetMode(ReadOnlySpan<byte> path, UnixFileMode mode) => UnixCalls.SetMode(null, path, mode);

    /// <inheritdoc />
    public void SetTimes(string path, long accessTimeNs, long modificationTimeNs) =>
        UnixCalls.SetTimes(null, UnixPath.Encode(path), accessTimeNs, modificationTimeNs);

    /// <inheritdoc />
    public void SetTimes(ReadOnlySpan<byte> path, long accessTimeNs, long modificationTimeNs) =>
        UnixCalls.SetTimes(null, path, accessTimeNs, modificationTimeNs);

    /// <inheritdoc />
    public void CreateDirectory(string path, UnixFileMode mode) => UnixCalls.CreateDirectory(null, UnixPath.Encode(path), mode);

    /// <inheritdoc />
    public void CreateDirectory(ReadOnlySpan<byte> path, UnixFileMode mode) => UnixCalls.CreateDirectory(null, path, mode);

    /// <inheritdoc />
    public void CreateSymlink(ReadOnlySpan<byte> target, string path) => UnixCalls.CreateSymlink(target, null, UnixPath.Encode(path));

    /// <inheritdoc />
    public void CreateSymlink(ReadOnlySpan<byte> target, ReadOnlySpan<byte> path) => UnixCalls.CreateSymlink(target, null, path);

    /// <inheritdoc />
    public void CreateHardLink(string existingPath, string newPath) =>
        UnixCalls.CreateHardLink(null, UnixPath.Encode(existingPath), null, UnixPath.Encode(newPath));

    /// <inheritdoc />
    public void CreateHardLink(ReadOnlySpan<byte> existingPath, ReadOnlySpan<byte> newPath) =>
        UnixCalls.CreateHardLink(null, existingPath, null, newPath);

    /// <inheritdoc />
    public void CreateFifo(string path, UnixFileMode mode) => UnixCalls.CreateFifo(null, UnixPath.Encode(path), mode);

    /// <inheritdoc />
    public void CreateFifo(ReadOnlySpan<byte> path, UnixFileMode mode) => UnixCalls.CreateFifo(null, path, mode);

    /// <inheritdoc />
    public void CreateDevice(string path, FileEntryType type, UnixFileMode mode, ulong device) =>
        UnixCalls.CreateDevice(null, UnixPath.Encode(path), type, mode, device);

    /// <inheritdoc />
    public void CreateDevice(ReadOnlySpan<byte> path, FileEntryType type, UnixFileMode mode, ulong device) =>
        UnixCalls.CreateDevice(null, path, type, mode, device);

    /// <inheritdoc />
    public void Delete(string path) => UnixCalls.Delete(null, UnixPath.Encode(path), isDirectory: false);

    /// <inheritdoc />
    public void Delete(ReadOnlySpan<byte> path) => UnixCalls.Delete(null, path, isDirectory: false);

    /// <inheritdoc />
    public void DeleteDirectory(string path) => UnixCalls.Delete(null, UnixPath.Encode(path), isDirectory: true);

    /// <inheritdoc />
    public void DeleteDirectory(ReadOnlySpan<byte> path) => UnixCalls.Delete(null, path, isDirectory: true);

    /// <inheritdoc />
    public IEnumerable<DirectoryEntry> EnumerateDirectory(string path) => EnumerateDirectory(UnixPath.Encode(path));

    /// <inheritdoc />
    public IEnumerable<DirectoryEntry> EnumerateDirectory(ReadOnlySpan<byte> path)
    {
        var fd = UnixCalls.Open(null, path, LibC.ORdOnly | LibC.ODirectory | LibC.ONoFollow, 0);
        return DirectoryListing.Start(fd, UnixPath.ToDisplayString(path));
    }
}
