using System.IO.Abstractions;
using System.Runtime.InteropServices;
using System.Text;

namespace Backup.Sdk.Storage.Local;

/// <summary>
/// Moves a finished temporary file to its final name only if that name is free, atomically: of two racing movers to one
/// name exactly one succeeds, and the loser sees the winner's file, never its own.
/// </summary>
/// <remarks>
/// <para><c>File.Move(source, destination, overwrite: false)</c> is not enough on Unix: .NET checks that the destination is
/// missing with <c>lstat</c> and then calls <c>rename</c>, which replaces an existing file, so a writer that creates the
/// destination between the two calls is silently overwritten (and where hard links fail it falls back to copy and delete).
/// On Windows it is one <c>MoveFileEx</c> call without <c>MOVEFILE_REPLACE_EXISTING</c>, which is atomic.</para>
/// <para>So on Unix this uses <c>link(2)</c>, which fails with <c>EEXIST</c> if the name exists and is atomic on local file
/// systems and NFS; the temporary name is removed by the caller afterwards. File systems without hard links (FAT, exFAT, some
/// SMB mounts) and file systems other than the real one (e.g. a mock in tests) fall back to an existence check and a move
/// under an in-process lock: atomic between writers in this process, not between processes.</para>
/// </remarks>
internal static class NoReplaceMove
{
    private const int StripeCount = 64;

    // Linux and macOS agree on these errno values; the fallback set lists "hard links are not possible here".
    private const int EPERM = 1;
    private const int EEXIST = 17;
    private const int EXDEV = 18;
    private const int EMLINK = 31;

    private static readonly Lock[] Stripes = CreateStripes();

    /// <summary>Links or moves <paramref name="source"/> to <paramref name="destination"/>.</summary>
    /// <returns><see langword="false"/> when <paramref name="destination"/> already exists; nothing was changed then.</returns>
    /// <remarks>On success the source may still exist (it is a second link to the same file); the caller deletes it.</remarks>
    public static bool TryMove(IFileSystem fileSystem, string source, string destination)
    {
        if (fileSystem is FileSystem)
        {
            if (OperatingSystem.IsWindows())
            {
                return TryMoveWindows(fileSystem, source, destination);
            }

            var result = TryLink(source, destination);
            if (result is not null)
            {
                return result.Value;
            }
        }

        return TryMoveUnderLock(fileSystem, source, destination);
    }

    private static bool TryMoveWindows(IFileSystem fileSystem, string source, string destination)
    {
        const int ErrorFileExists = unchecked((int)0x80070050);
        const int ErrorAlreadyExists = unchecked((int)0x800700B7);
        try
        {
            fileSystem.File.Move(source, destination, overwrite: false);
            return true;
        }
        catch (IOException e) when (e.HResult is ErrorFileExists or ErrorAlreadyExists)
        {
            return false;
        }
    }

    /// <returns><see langword="null"/> when the file system cannot make hard links.</returns>
    internal static bool? TryLink(string source, string destination)
    {
        int errno;
        try
        {
            if (Link(source, destination) == 0)
            {
                return true;
            }

            errno = Marshal.GetLastPInvokeError();
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }

        if (errno == EEXIST)
        {
            return false;
        }

        if (errno is EPERM or EXDEV or EMLINK || IsNotSupported(errno))
        {
            return null;
        }

        // Keep the errno in HResult as .NET does on Unix, so the caller's error mapping treats it like any other I/O error.
        throw new IOException($"Cannot link '{source}' to '{destination}' (errno {errno}).", errno);
    }

    private static bool IsNotSupported(int errno) =>
        OperatingSystem.IsMacOS() || OperatingSystem.IsIOS() || OperatingSystem.IsFreeBSD()
            ? errno is 45 or 78 // EOPNOTSUPP, ENOSYS
            : errno is 95 or 38; // EOPNOTSUPP, ENOSYS

    private static bool TryMoveUnderLock(IFileSystem fileSystem, string source, string destination)
    {
        var stripe = Stripes[(uint)StringComparer.Ordinal.GetHashCode(destination) % StripeCount];
        lock (stripe)
        {
            if (fileSystem.File.Exists(destination) || fileSystem.Directory.Exists(destination))
            {
                return false;
            }

            fileSystem.File.Move(source, destination, overwrite: false);
            return true;
        }
    }

    private static Lock[] CreateStripes()
    {
        var stripes = new Lock[StripeCount];
        for (var i = 0; i < stripes.Length; i++)
        {
            stripes[i] = new Lock();
        }

        return stripes;
    }

    private static int Link(string oldPath, string newPath) => LinkNative(ToNullTerminatedUtf8(oldPath), ToNullTerminatedUtf8(newPath));

    private static byte[] ToNullTerminatedUtf8(string path)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(path) + 1];
        Encoding.UTF8.GetBytes(path, bytes);
        return bytes;
    }

    // Paths go as NUL-terminated UTF-8 bytes, which is what POSIX expects and needs no string marshalling.
    [DllImport("libc", EntryPoint = "link", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int LinkNative(byte[] oldPath, byte[] newPath);
}
