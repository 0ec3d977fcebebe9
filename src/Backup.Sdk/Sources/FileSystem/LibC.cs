using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using Microsoft.Win32.SafeHandles;

namespace Backup.Sdk.Sources.FileSystem;

/// <summary>
/// The glibc calls this layer uses (glibc 2.28 or later, Linux x64 and arm64; both are LP64, so <c>long</c> is 64 bits).
/// Every path argument is NUL-terminated bytes (see <see cref="NativePath"/>).
/// </summary>
[SupportedOSPlatform("linux")]
internal static partial class LibC
{
    private const string Library = "libc";

    public const int AtFdCwd = -100;
    public const int AtSymlinkNoFollow = 0x100;
    public const int AtRemoveDir = 0x200;
    public const int AtEmptyPath = 0x1000;

    public const uint StatxBasicStats = 0x7FF;
    public const uint StatxBirthTime = 0x800;

    public const int ORdOnly = 0;
    public const int OWrOnly = 1;
    public const int OCreat = 0x40;      // 0o100
    public const int OExcl = 0x80;       // 0o200
    public const int OCloExec = 0x80000; // 0o2000000
    public const int OPath = 0x200000;   // 0o10000000

    // arm and arm64 number these two differently from x86 and most other architectures.
    public static readonly int ODirectory = IsArm ? 0x4000 : 0x10000;  // 0o40000 / 0o200000
    public static readonly int ONoFollow = IsArm ? 0x8000 : 0x20000;   // 0o100000 / 0o400000

    public const int SeekData = 3;
    public const int SeekHole = 4;

    public const int Enoent = 2;
    public const int Eintr = 4;
    public const int Enxio = 6;
    public const int Einval = 22;
    public const int Enosys = 38;
    public const int Eopnotsupp = 95;

    private static bool IsArm =>
        RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm;

    [LibraryImport(Library, EntryPoint = "statx", SetLastError = true)]
    public static partial int Statx(int dirFd, ReadOnlySpan<byte> path, int flags, uint mask, out StatxBuffer buffer);

    [LibraryImport(Library, EntryPoint = "readlinkat", SetLastError = true)]
    public static partial nint ReadLinkAt(int dirFd, ReadOnlySpan<byte> path, Span<byte> buffer, nuint size);

    [LibraryImport(Library, EntryPoint = "symlinkat", SetLastError = true)]
    public static partial int SymlinkAt(ReadOnlySpan<byte> target, int newDirFd, ReadOnlySpan<byte> linkPath);

    [LibraryImport(Library, EntryPoint = "linkat", SetLastError = true)]
    public static partial int LinkAt(int oldDirFd, ReadOnlySpan<byte> oldPath, int newDirFd, ReadOnlySpan<byte> newPath, int flags);

    [LibraryImport(Library, EntryPoint = "fchownat", SetLastError = true)]
    public static partial int FChownAt(int dirFd, ReadOnlySpan<byte> path, uint owner, uint group, int flags);

    [LibraryImport(Library, EntryPoint = "fchmodat", SetLastError = true)]
    public static partial int FChmodAt(int dirFd, ReadOnlySpan<byte> path, uint mode, int flags);

    [LibraryImport(Library, EntryPoint = "utimensat", SetLastError = true)]
    public static partial int UtimensAt(int dirFd, ReadOnlySpan<byte> path, ReadOnlySpan<Timespec> times, int flags);

    [LibraryImport(Library, EntryPoint = "mkdirat", SetLastError = true)]
    public static partial int MkdirAt(int dirFd, ReadOnlySpan<byte> path, uint mode);

    [LibraryImport(Library, EntryPoint = "mkfifoat", SetLastError = true)]
    public static partial int MkfifoAt(int dirFd, ReadOnlySpan<byte> path, uint mode);

    [LibraryImport(Library, EntryPoint = "mknodat", SetLastError = true)]
    public static partial int MknodAt(int dirFd, ReadOnlySpan<byte> path, uint mode, ulong device);

    // Before glibc 2.33 mknodat was an inline wrapper around this versioned entry point (_MKNOD_VER is 0 on x64 and arm64).
    [LibraryImport(Library, EntryPoint = "__xmknodat", SetLastError = true)]
    public static partial int XMknodAt(int version, int dirFd, ReadOnlySpan<byte> path, uint mode, ref ulong device);

    [LibraryImport(Library, EntryPoint = "unlinkat", SetLastError = true)]
    public static partial int UnlinkAt(int dirFd, ReadOnlySpan<byte> path, int flags);

    [LibraryImport(Library, EntryPoint = "openat", SetLastError = true)]
    public static partial int OpenAt(int dirFd, ReadOnlySpan<byte> path, int flags, uint mode);

    [LibraryImport(Library, EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport(Library, EntryPoint = "lseek", SetLastError = true)]
    public static partial long LSeek(SafeFileHandle fd, long offset, int whence);

    [LibraryImport(Library, EntryPoint = "ftruncate", SetLastError = true)]
    public static partial int FTruncate(SafeFileHandle fd, long length);

    [LibraryImport(Library, EntryPoint = "fdopendir", SetLastError = true)]
    public static partial nint FdOpenDir(int fd);

    [LibraryImport(Library, EntryPoint = "readdir64", SetLastError = true)]
    public static partial nint ReadDir64(nint directoryStream);

    [LibraryImport(Library, EntryPoint = "closedir", SetLastError = true)]
    public static partial int CloseDir(nint directoryStream);

    /// <summary><c>struct timespec</c> on an LP64 target.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    /// <summary><c>struct statx_timestamp</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct StatxTimestamp
    {
        public long Seconds;
        public uint Nanoseconds;
        public int Reserved;
    }

    /// <summary><c>struct statx</c>: the same 256-byte layout on every architecture.</summary>
    [StructLayout(LayoutKind.Sequential, Size = 256)]
    public struct StatxBuffer
    {
        public uint Mask;
        public uint BlockSize;
        public ulong Attributes;
        public uint LinkCount;
        public uint UserId;
        public uint GroupId;
        public ushort Mode;
        public ushort Spare0;
        public ulong Inode;
        public ulong Size;
        public ulong Blocks;
        public ulong AttributesMask;
        public StatxTimestamp AccessTime;
        public StatxTimestamp BirthTime;
        public StatxTimestamp ChangeTime;
        public StatxTimestamp ModificationTime;
        public uint RdevMajor;
        public uint RdevMinor;
        public uint DevMajor;
        public uint DevMinor;
    }
}
