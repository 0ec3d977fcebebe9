namespace Backup.Cli;

/// <summary>Asks a person for a password. A seam so that tests never touch the real terminal.</summary>
internal interface IPasswordPrompt
{
    /// <summary>Whether a person can answer: stdin is a terminal, not a pipe or a file.</summary>
    bool IsInteractive { get; }

    /// <summary>Shows <paramref name="prompt"/> on stderr and reads one line without echoing it.</summary>
    string ReadPassword(string prompt);
}
