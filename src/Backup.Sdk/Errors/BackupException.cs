namespace Backup.Sdk;

/// <summary>
/// The base of every error the SDK raises on purpose. Catch it to handle any SDK failure; catch a derived type to act on a
/// specific one. Caller mistakes stay <see cref="ArgumentException"/> and cancellation stays <see cref="OperationCanceledException"/>.
/// </summary>
public class BackupException : Exception
{
    /// <summary>Creates an exception with a message.</summary>
    public BackupException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and the exception that caused it.</summary>
    public BackupException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>
    /// Whether trying the same operation again may succeed (a timeout, throttling, a dropped connection).
    /// Retry policies read this flag; permanent errors (access denied, corrupt data) return <see langword="false"/>.
    /// </summary>
    public virtual bool IsTransient => false;
}
