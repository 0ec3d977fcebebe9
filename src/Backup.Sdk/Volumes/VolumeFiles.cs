using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Backup.Sdk.Volumes;

/// <summary>
/// The file operations the volume layouts are built from: positioned I/O, fsync of files and directories, and atomic
/// replacement of small metadata files (write a temporary file, fsync it, rename it over the old one, fsync the directory).
/// </summary>
internal static partial class VolumeFiles
{
    private const int ORdOnly = 0;
    private const int OCloExec = 0x80000;
    private const int ORdWr = 2;
    private const int OCreat = 0x40;
    private const int LockExclusive = 2;
    private const int LockNonBlocking = 4;
    private const int WouldBlock = 11;

    public static SafeFileHandle Open(string path, FileMode mode, FileAccess access) =>
        new FileStream(path, new FileStreamOptions { Mode = mode, Access = access, Share = FileShare.ReadWrite, BufferSize = 0 }).SafeFileHandle;

    public static async ValueTask ReadExactlyAsync(SafeFileHandle handle, Memory<byte> destination, long offset, CancellationToken cancellationToken)
    {
        while (destination.Length > 0)
        {
            var read = await RandomAccess.ReadAsync(handle, destination, offset, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                // Past the end of a file that was never written that far: zeros, like a hole.
                destination.Span.Clear();
                return;
            }

            destination = destination[read..];
            offset += read;
        }
    }

    /// <summary>fsync: the file's data and size are on the device.</summary>
    public static void Sync(SafeFileHandle handle)
    {
        var added = false;
        handle.DangerousAddRef(ref added);
        try
        {
            if (FSync((int)handle.DangerousGetHandle()) != 0)
            {
                throw new IOException($"fsync failed (errno {Marshal.GetLastPInvokeError()}).");
            }
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    /// <summary>fsync of a directory: names created, renamed or removed in it are on the device.</summary>
    public static void SyncDirectory(string directory)
    {
        var fd = OpenDirectory(System.Text.Encoding.UTF8.GetBytes(directory + "\0"), ORdOnly | OCloExec);
        if (fd < 0)
        {
            throw new IOException($"Cannot open {directory} to fsync it (errno {Marshal.GetLastPInvokeError()}).");
        }

        try
        {
            if (FSync(fd) != 0)
            {
                throw new IOException($"fsync of {directory} failed (errno {Marshal.GetLastPInvokeError()}).");
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    /// <summary>Replaces <paramref name="path"/> with <paramref name="content"/> atomically and durably.</summary>
    public static void WriteAtomically(string path, ReadOnlySpan<byte> content)
    {
        var temporary = path + ".tmp";
        using (var handle = Open(temporary, FileMode.Create, FileAccess.Write))
        {
            RandomAccess.Write(handle, content, 0);
            Sync(handle);
        }

        new FileInfo(temporary).MoveTo(path, overwrite: true);
        SyncDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
    }

    public static byte[] ReadAll(string path)
    {
        using var handle = Open(path, FileMode.Open, FileAccess.Read);
        var buffer = new byte[RandomAccess.GetLength(handle)];
        var done = 0;
        while (done < buffer.Length)
        {
            var read = RandomAccess.Read(handle, buffer.AsSpan(done), done);
            if (read == 0)
            {
                break;
            }

            done += read;
        }

        return buffer;
    }

    public static bool Exists(string path) => new FileInfo(path).Exists;

    public static void Delete(string path) => new FileInfo(path).Delete();

    /// <summary>
    /// Takes an exclusive advisory lock (flock) on <paramref name="path"/>, created if missing, without waiting. The lock
    /// belongs to the returned handle's open file description: a second open of the same file (in this process or another)
    /// cannot take it until the handle is disposed, and it is released when the process dies.
    /// </summary>
    /// <returns>The locked handle, or <see langword="null"/> when another open holds the lock.</returns>
    public static SafeFileHandle? TryLockExclusive(string path)
    {
        // Opened with open(2) rather than FileStream: .NET takes a shared flock of its own on the files it opens, which
        // would make a second open fail inside the runtime with a plain IOException before this lock is even tried.
        var fd = OpenFile(System.Text.Encoding.UTF8.GetBytes(path + "\0"), ORdWr | OCreat | OCloExec, 0x180);
        if (fd < 0)
        {
            throw new IOException($"Cannot open {path} (errno {Marshal.GetLastPInvokeError()}).");
        }

        var handle = new SafeFileHandle(fd, ownsHandle: true);
        if (FLock(fd, LockExclusive | LockNonBlocking) == 0)
        {
            return handle;
        }

        var errno = Marshal.GetLastPInvokeError();
        handle.Dispose();
        return errno == WouldBlock ? null : throw new IOException($"Cannot lock {path} (errno {errno}).");
    }

    [LibraryImport("libc", EntryPoint = "flock", SetLastError = true)]
    private static partial int FLock(int fd, int operation);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int FSync(int fd);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true)]
    private static partial int OpenDirectory(ReadOnlySpan<byte> path, int flags);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true)]
    private static partial int OpenFile(ReadOnlySpan<byte> path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
