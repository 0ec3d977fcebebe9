using System.Runtime.InteropServices;

namespace Backup.Sdk;

/// <summary>
/// A call on a local file system entry failed. Carries the operation, the path (as text; bytes that are not valid UTF-8 are
/// shown as <c>\xNN</c>) and the Unix error number, so that a caller can tell, for example, a missing entry (ENOENT, see
/// <see cref="FileSystemEntryNotFoundException"/>) from a permission problem (EACCES, EPERM).
/// </summary>
/// <remarks>Not sealed: <see cref="FileSystemEntryNotFoundException"/> derives from it, so one catch handles both.</remarks>
public class FileSystemEntryException : BackupException
{
    private const int Eintr = 4;
    private const int Eagain = 11;

    /// <summary>Creates the exception.</summary>
    /// <param name="operation">The system call or operation that failed, e.g. <c>statx</c>.</param>
    /// <param name="path">The entry it was called on, for display.</param>
    /// <param name="errno">The Unix error number the call reported.</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    public FileSystemEntryException(string operation, string path, int errno, Exception? innerException = null)
        : base($"{operation} failed for '{path}': {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}).", innerException)
    {
        Operation = operation;
        Path = path;
        Errno = errno;
    }

    /// <summary>The system call or operation that failed, e.g. <c>statx</c> or <c>utimensat</c>.</summary>
    public string Operation { get; }

    /// <summary>The entry the call was made on, for display (invalid UTF-8 bytes shown as <c>\xNN</c>).</summary>
    public string Path { get; }

    /// <summary>The Unix error number (<c>errno</c>), e.g. 2 for ENOENT, 13 for EACCES, 36 for ENAMETOOLONG.</summary>
    public int Errno { get; }

    /// <inheritdoc />
    public override bool IsTransient => Errno is Eintr or Eagain;
}

/// <summary>The entry, or a directory on its path, does not exist (ENOENT).</summary>
public sealed class FileSystemEntryNotFoundException : FileSystemEntryException
{
    /// <summary>The Unix error number this exception stands for.</summary>
    public const int NotFoundErrno = 2;

    /// <summary>Creates the exception.</summary>
    /// <param name="operation">The system call or operation that failed.</param>
    /// <param name="path">The entry that was not found, for display.</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    public FileSystemEntryNotFoundException(string operation, string path, Exception? innerException = null)
        : base(operation, path, NotFoundErrno, innerException)
    {
    }
}
