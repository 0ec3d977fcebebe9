namespace Backup.Cli;

/// <summary>
/// The user asked for something the command line cannot do as given (no repository location, no password, unreadable
/// password file). Reported as <see cref="ExitCodes.UsageError"/> with its message only.
/// </summary>
internal sealed class CliUsageException : Exception
{
    public CliUsageException(string message)
        : base(message)
    {
    }

    public CliUsageException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
