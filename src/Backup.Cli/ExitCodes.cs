namespace Backup.Cli;

/// <summary>The process exit codes of <c>backup</c>. Scripts depend on them: never renumber one.</summary>
internal static class ExitCodes
{
    /// <summary>The command did what was asked.</summary>
    public const int Success = 0;

    /// <summary>The command failed; the message on stderr says why.</summary>
    public const int Failure = 1;

    /// <summary>The command line was wrong (unknown verb, bad option, missing repository or password).</summary>
    public const int UsageError = 2;

    /// <summary>A snapshot was made, but some source files could not be read and are missing from it.</summary>
    public const int PartialBackup = 3;

    /// <summary>No repository exists at the location given.</summary>
    public const int RepositoryNotFound = 10;

    /// <summary>The password opens no key of the repository.</summary>
    public const int WrongPassword = 11;
}
