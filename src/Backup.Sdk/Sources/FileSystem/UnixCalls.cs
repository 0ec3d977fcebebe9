using System.Buffers;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace Backup.Sdk.Sources.FileSystem;

/// <summary>
/// Every operation once, as an *at() call relative to a directory handle, or to the working directory when the handle is
/// <see langword="null"/> (then the path may have many components). None follows a symbolic link in the last component.
/// </summary>
[SupportedOSPlatform("linux")]
internal static class UnixCalls
{
    private const int MaxLinkTarget = 1 << 16;

    public static FileEntryInfo GetInfo(DirectoryHandle? directory, ReadOnlySpan<byte> path, int flags = LibC.AtSymlinkNoFollow)
    {
        Span<byte> scratch = stackalloc byte[NativePath.StackSize];
        using var native = new NativePath(path, scratch);
        using var fd = new DirectoryFd(directory);
        if (LibC.Statx(fd.Value, native.Bytes, flags, LibC.StatxBasicStats | LibC.StatxBirthTime, out var buffer) != 0)
        {
            throw UnixErrors.Last("statx", directory, native.Content);
        }

        return ToInfo(in buffer);
    }

    public static byte[] ReadLink(DirectoryHandle? directory, ReadOnlySpan<byte> path)
    {
        Span<byte> scratch = stackalloc byte[NativePath.StackSize];
        using var native = new NativePath(path, scratch);
        using var fd = new DirectoryFd(directory);
        for (var size = 256; ; size *= 2)
        {
            var buffer = ArrayPool<byte>.Shared.Rent(size);
            try
            {
                var length = LibC.ReadLinkAt(fd.Value, native.Bytes, buffer, (nuint)buffer.Length);
                if (length < 0)
                {
                    throw UnixErrors.Last("readlinkat", directory, native.Content);
                }

                // A result that fills the buffer may have been cut short: try again with more room.
                if (length < buffer.Length || buffer.Length >= MaxLinkTarget)
                {
                    return buffer.AsSpan(0, (int)length).ToArray();
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    public static void CreateSymlink(ReadOnlySpan<byte> target, DirectoryHandle? directory, ReadOnlySpan<byte> path)
    {
        Span<byte> targetScratch = stackalloc byte[NativePath.StackSize];
        Span<byte> scratch = stackalloc byte[NativePath.StackSize];
        using var nativeTarget = new NativePath(target, targetScratch);
        using var native = new NativePath(path, scratch);
        using var fd = new DirectoryFd(directory);
        Check(LibC.SymlinkAt(nativeTarget.Bytes, fd.Value, native.Bytes), "symlinkat", directory, native.Content);
    }

    public static void CreateHardLink(
        DirectoryHandle? existingDirectory, ReadOnlySpan<byte> existingPath, DirectoryHandle? directory, ReadOnlySpan<byte> path)
    {
        Span<byte> existingScratch = stackalloc byte[NativePath.StackSize];
        Span<byte> scratch = stackalloc byte[NativePath.StackSize];
        using var nativeExisting = new NativePath(existingPath, existingScratch);
        using var native = new NativePath(path, scratch);
        using var existingFd = new DirectoryFd(existingDirectory);
        using var fd = new DirectoryFd(directory);

        // Flags 0: a symbolic link given as the existing entry is linked itself, not its target.
        Check(LibC.LinkAt(existingFd.Value, nativeExisting.Bytes, fd.Value, native.Bytes, 0), "linkat", directory, native.Content);
    }

    public static void SetOwner(DirectoryHandle? directory, ReadOnlySpan<byte> path, uint userId, uint groupId)
    {
        Span<byte> scratch = stackalloc byte[NativePath.StackSize];
        using var native = new NativePath(path, scratch);
        using var fd = new DirectoryFd(directory);
        Check(LibC.FChownAt(fd.Value, native.Bytes, userId, groupId, LibC.AtSymlinkNoFollow), "fchownat", directory, native.Content);
    }

    public static void SetTimes(DirectoryHandle? directory, ReadOnlySpan<byte> path, long accessTimeNs, long modificationTimeNs)
    {
        Span<byte> scratch = stackalloc byte[NativePath.StackSize];
        using var native = new NativePath(path, scratch);
        using var fd = new DirectoryFd(directory);
        ReadOnlySpan<LibC.Timespec> times = [ToTimespec(accessTimeNs), ToTimespec(modificationTimeNs)];
        Check(LibC.UtimensAt(fd.Value, native.Bytes, times, LibC.AtSymlinkNoFollow), "utimensat", directory, native.Content);
    }

    public static void SetMode(DirectoryHandle? directory, ReadOnlySpan<byte> path, UnixFileMode mode)
    {
        var bits = (uint)mode & UnixFileModes.PermissionMask;
        Span<byte> scratch = stackalloc byte[NativePath.StackSize];
        using var native = new NativePath(path, scratch);
        using var fd = new DirectoryFd(directory);
        if (LibC.FChmodAt(fd.Value, native.Bytes, bits, LibC.AtSymlinkNoFollow) == 0)
        {
            return;
        }

        var errno = Marshal.GetLastPInvokeError();
        if (errno != LibC.Eopnotsupp)
        {
            throw UnixErrors.Create("fchmodat", UnixErrors.Describe(directory, native.Content), errno);
        }

        // EOPNOTSUPP: a symbolic link (Linux keeps no mode for those), or a glibc before 2.32 that refuses the flag.
        // Then do what newer glibc does: pin the entry with O_PATH|O_NOFOLLOW, check it, and chmod it through /proc.
        var pinned = LibC.OpenAt(fd.Value, native.Bytes, LibC.OPath | LibC.ONoFollow | LibC.OCloExec, 0);
        if (pinned < 0)
        {
            throw UnixErrors.Last("openat", directory, native.Content);
        }

        try
        {
            var statFlags = LibC.AtEmptyPath | LibC.AtSymlinkNoFollow;
            if (LibC.Statx(pinned, ""u8, statFlags, LibC.StatxBasicStats, out var buffer) != 0)
            {
                throw UnixErrors.Last("statx", directory, native.Content);
            }

            if ((buffer.Mode & UnixFileModes.TypeMask) == UnixFileModes.SymbolicLink)
            {
                throw UnixErrors.Create("fchmodat", UnixErrors.Describe(directory, native.Content), LibC.Eopnotsupp);
            }

            var procPath = System.Text.Encoding.ASCII.GetBytes(
                string.Create(CultureInfo.InvariantCulture, $"/proc/self/fd/{pinned}\0"));
            Check(LibC.FChmodAt(LibC.AtFdCwd, procPath, bits, 0), "fchmodat", directory, native.Content);
        }
        finally
        {
            _ = LibC.Close(pinned);
        }
    }

    public static void CreateDirectory(DirectoryHandle? directory, ReadOnlySpan<byte> path, UnixFileMode mode)
    {
        Span<byte> scratch = stackalloc byte[NativePath.StackSize];
        using var native = new NativePath(path, scratch);
        using var fd = new DirectoryFd(directory);
        Check(LibC.MkdirAt(fd.Value, native.Bytes, (uint)mode & UnixFileModes.PermissionMask), "mkdirat", directory, native.Content);
    }

    public static void CreateFifo(DirectoryHandle? directory, ReadOnlySpan<byte> path, UnixFileMode mode)
    {
        Span<byte> scratch = stackalloc byte[NativePath.StackSize];
        using var native = new NativePath(path, scratch);
        using var fd = new DirectoryFd(directory);
        Check(LibC.MkfifoAt(fd.Value, native.Bytes, (uint)mode & UnixFileModes.PermissionMask), "mkfifoat", directory, native.Content);
    }

    public static void CreateDevice(DirectoryHandle? directory, ReadOnlySpan<byte> path, FileEntryType type, UnixFileMode mode, ulong device)
    {
        var typeBits = type switch
        {
            FileEntryType.BlockDevice => UnixFileModes.BlockDevice,
            FileEntryType.CharacterDevice => UnixFileModes.CharacterDevice,
            _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Only block and character devices are created with mknod."),
        };
        var bits = typeBits | ((uint)mode & UnixFileModes.PermissionMask);
        Span<byte> scratch = stackalloc byte[NativePath.StackSize];
        using var native = new NativePath(path, scratch);
        using var fd = new DirectoryFd(directory);
        int result;
        try
        {
            result = LibC.MknodAt(fd.Value, native.Bytes, bits, device);
        }
        catch (EntryPointNotFoundException)
        {
            result = LibC.XMknodAt(0, fd.Value, native.Bytes, bits, ref device);
        }

        Check(result, "mknodat", directory, native.Content);
    }

    public static void Delete(DirectoryHandle? directory, ReadOnlySpan<byte> path, bool isDirectory)
    {
        Span<byte> scratch = stackalloc byte[NativePath.StackSize];
        using var native = new NativePath(path, scratch);
        using var fd = new DirectoryFd(directory);
        var flags = isDirectory ? LibC.AtRemoveDir : 0;
        Check(LibC.UnlinkAt(fd.Value, native.Bytes, flags), isDirectory ? "unlinkat(AT_REMOVEDIR)" : "unlinkat", directory, native.Content);
    }

    /// <summary>Opens a descriptor, retrying when a signal interrupts (opening a FIFO can block).</summary>
    public static int Open(DirectoryHandle? directory, ReadOnlySpan<byte> path, int flags, UnixFileMode mode)
    {
        Span<byte> scratch = stackalloc byte[NativePath.StackSize];
        using var native = new NativePath(path, scratch);
        using var fd = new DirectoryFd(directory);
        while (true)
        {
            var result = LibC.OpenAt(fd.Value, native.Bytes, flags | LibC.OCloExec, (uint)mode & UnixFileModes.PermissionMask);
            if (result >= 0)
            {
                return result;
            }

            if (Marshal.GetLastPInvokeError() != LibC.Eintr)
            {
                throw UnixErrors.Last("openat", directory, native.Content);
            }
        }
    }

    private static void Check(int result, string operation, DirectoryHandle? directory, ReadOnlySpan<byte> path)
    {
        if (result != 0)
        {
            throw UnixErrors.Last(operation, directory, path);
        }
    }

    private static LibC.Timespec ToTimespec(long nanoseconds) => new()
    {
        Seconds = Math.DivRem(nanoseconds, 1_000_000_000L, out var remainder) - (remainder < 0 ? 1 : 0),
        Nanoseconds = remainder < 0 ? remainder + 1_000_000_000L : remainder,
    };

    private static long ToNanoseconds(in LibC.StatxTimestamp time)
    {
        const long limit = long.MaxValue / 1_000_000_000L - 1;
        return time.Seconds > limit ? long.MaxValue
            : time.Seconds < -limit ? long.MinValue
            : (time.Seconds * 1_000_000_000L) + time.Nanoseconds;
    }

    private static FileEntryInfo ToInfo(in LibC.StatxBuffer buffer) => new()
    {
        Type = UnixFileModes.ToEntryType(buffer.Mode),
        Mode = buffer.Mode,
        UserId = buffer.UserId,
        GroupId = buffer.GroupId,
        Size = (long)buffer.Size,
        AllocatedBlocks = (long)buffer.Blocks,
        Inode = buffer.Inode,
        DeviceId = UnixDevice.Make(buffer.DevMajor, buffer.DevMinor),
        SpecialDeviceId = UnixDevice.Make(buffer.RdevMajor, buffer.RdevMinor),
        LinkCount = buffer.LinkCount,
        AccessTimeNs = ToNanoseconds(in buffer.AccessTime),
        ModificationTimeNs = ToNanoseconds(in buffer.ModificationTime),
        ChangeTimeNs = ToNanoseconds(in buffer.ChangeTime),
        BirthTimeNs = (buffer.Mask & LibC.StatxBirthTime) != 0 ? ToNanoseconds(in buffer.BirthTime) : null,
    };
}
