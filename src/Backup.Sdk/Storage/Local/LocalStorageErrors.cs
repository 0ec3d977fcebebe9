namespace Backup.Sdk.Storage.Local;

/// <summary>Turns file system exceptions into the SDK's storage exceptions, naming the object and the location.</summary>
internal static class LocalStorageErrors
{
    // Unix: .NET puts the raw errno in IOException.HResult. Linux and macOS share ENOSPC, EROFS and ENAMETOOLONG (36 on
    // Linux, 63 on macOS); EDQUOT is 122 on Linux and 69 on macOS.
    private const int ENOSPC = 28;
    private const int EROFS = 30;

    // Windows: HRESULTs from Win32 errors.
    private const int ErrorWriteProtect = unchecked((int)0x80070013);
    private const int ErrorHandleDiskFull = unchecked((int)0x80070027);
    private const int ErrorDiskFull = unchecked((int)0x80070070);
    private const int ErrorFilenameExcedRange = unchecked((int)0x800700CE);
    private const int ErrorDiskQuotaExceeded = unchecked((int)0x80070718);

    /// <summary>
    /// Maps <paramref name="exception"/> for an operation on <paramref name="name"/>, or returns <see langword="null"/> when it
    /// is not a file system error and should propagate as it is (cancellation, argument errors, SDK exceptions).
    /// </summary>
    /// <param name="exception">What the file system threw.</param>
    /// <param name="operation">What was being done, for the message (e.g. <c>write</c>).</param>
    /// <param name="name">The object name.</param>
    /// <param name="location">The backend's location.</param>
    /// <param name="missingMeansNotFound">Whether a missing file or directory means the object does not exist.</param>
    public static Exception? Map(Exception exception, string operation, string name, string location, bool missingMeansNotFound)
    {
        switch (exception)
        {
            case FileNotFoundException or DirectoryNotFoundException when missingMeansNotFound:
                return new ObjectNotFoundException(name, exception);
            case UnauthorizedAccessException:
                return new StorageUnavailableException(
                    $"Access denied to {operation} object '{name}' in '{location}': {exception.Message}", isTransient: false, exception);
            case PathTooLongException:
                return new StorageUnavailableException(
                    $"Cannot {operation} object '{name}' in '{location}': the path is too long for the file system.", isTransient: false, exception);
            case IOException io:
                var transient = IsTransient(io.HResult);
                return new StorageUnavailableException(
                    $"Cannot {operation} object '{name}' in '{location}'{(transient ? string.Empty : " (permanent)")}: {io.Message}", transient, exception);
            default:
                return null;
        }
    }

    /// <summary>
    /// Whether an I/O error may go away by itself. Full disks, quotas, read-only file systems and over-long names do not:
    /// retrying them only delays the report. Everything else (sharing violations, interrupted or timed-out network file
    /// systems, an unknown code) is worth a retry.
    /// </summary>
    internal static bool IsTransient(int hresult)
    {
        if (OperatingSystem.IsWindows())
        {
            return hresult is not (ErrorWriteProtect or ErrorHandleDiskFull or ErrorDiskFull or ErrorFilenameExcedRange or ErrorDiskQuotaExceeded);
        }

        var isMac = OperatingSystem.IsMacOS() || OperatingSystem.IsIOS() || OperatingSystem.IsFreeBSD();
        var edquot = isMac ? 69 : 122;
        var enametoolong = isMac ? 63 : 36;
        return hresult != ENOSPC && hresult != EROFS && hresult != edquot && hresult != enametoolong;
    }
}
