using System.IO.Abstractions;

namespace Backup.Cli;

/// <summary>
/// Finds the repository password, in this order: an explicit <c>--password-file</c>; the <c>BACKUP_PASSWORD</c> environment
/// variable; the <c>BACKUP_PASSWORD_FILE</c> environment variable; a no-echo prompt when stdin is a terminal. An explicit
/// option beats the environment, as with every other option. Anything else is a usage error that says how to give one, so
/// that scripts never hang waiting for input.
/// </summary>
internal sealed class PasswordProvider
{
    private readonly IReadOnlyDictionary<string, string?> _environment;
    private readonly string? _passwordFileOption;
    private readonly IFileSystem _fileSystem;
    private readonly IPasswordPrompt _prompt;

    public PasswordProvider(IReadOnlyDictionary<string, string?> environment, string? passwordFileOption, IFileSystem fileSystem, IPasswordPrompt prompt)
    {
        _environment = environment;
        _passwordFileOption = passwordFileOption;
        _fileSystem = fileSystem;
        _prompt = prompt;
    }

    /// <summary>Where the password comes from, for messages: the variable, the file path, or the terminal.</summary>
    public string DescribeSource()
    {
        if (!string.IsNullOrEmpty(_passwordFileOption))
        {
            return $"password file '{_passwordFileOption}'";
        }

        if (!string.IsNullOrEmpty(GetVariable(EnvironmentVariables.Password)))
        {
            return $"${EnvironmentVariables.Password}";
        }

        var file = PasswordFilePath;
        return file is not null ? $"password file '{file}'" : _prompt.IsInteractive ? "terminal" : "none";
    }

    /// <summary>Returns the password.</summary>
    /// <param name="prompt">The question shown when the password is asked on the terminal.</param>
    /// <exception cref="CliUsageException">No password was given and none can be asked, or the password file cannot be read or is empty.</exception>
    public string GetPassword(string prompt = "Repository password: ") => GetPassword(prompt, confirm: false);

    /// <summary>
    /// Returns the password of a new repository: from the same sources as <see cref="GetPassword(string)"/>, but asked twice
    /// on the terminal so that a typing mistake does not lock the data away.
    /// </summary>
    /// <exception cref="CliUsageException">No password was given and none can be asked, the file is unusable, or the two answers differ.</exception>
    public string GetNewRepositoryPassword() => GetPassword("New repository password: ", confirm: true);

    /// <summary>
    /// Returns a new password for a key: the first line of <paramref name="newPasswordFile"/> when given, else asked twice on
    /// the terminal. The environment is never used for it: it holds the current password.
    /// </summary>
    /// <exception cref="CliUsageException">No file was given and there is no terminal, the file is unusable, or the two answers differ.</exception>
    public string GetNewKeyPassword(string? newPasswordFile)
    {
        if (!string.IsNullOrEmpty(newPasswordFile))
        {
            return ReadPasswordFile(newPasswordFile);
        }

        if (_prompt.IsInteractive)
        {
            return AskTwice("New password: ");
        }

        throw new CliUsageException("No new password given. Pass --new-password-file <file>; the new password is asked interactively only when stdin is a terminal.");
    }

    private string GetPassword(string prompt, bool confirm)
    {
        if (!string.IsNullOrEmpty(_passwordFileOption))
        {
            return ReadPasswordFile(_passwordFileOption);
        }

        var fromEnvironment = GetVariable(EnvironmentVariables.Password);
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            return fromEnvironment;
        }

        var file = PasswordFilePath;
        if (file is not null)
        {
            return ReadPasswordFile(file);
        }

        if (_prompt.IsInteractive)
        {
            return confirm ? AskTwice(prompt) : Ask(prompt);
        }

        throw new CliUsageException(
            $"No password given. Set {EnvironmentVariables.Password}, or pass --password-file <file> (or set {EnvironmentVariables.PasswordFile}); "
            + "the password is asked interactively only when stdin is a terminal.");
    }

    private string Ask(string prompt)
    {
        var typed = _prompt.ReadPassword(prompt);
        return typed.Length > 0 ? typed : throw new CliUsageException("An empty password is not allowed.");
    }

    private string AskTwice(string prompt)
    {
        var first = Ask(prompt);
        var second = _prompt.ReadPassword("Enter it again: ");
        return string.Equals(first, second, StringComparison.Ordinal)
            ? first
            : throw new CliUsageException("The passwords do not match; nothing was changed.");
    }

    private string? PasswordFilePath
    {
        get
        {
            if (!string.IsNullOrEmpty(_passwordFileOption))
            {
                return _passwordFileOption;
            }

            var fromEnvironment = GetVariable(EnvironmentVariables.PasswordFile);
            return string.IsNullOrEmpty(fromEnvironment) ? null : fromEnvironment;
        }
    }

    private string ReadPasswordFile(string path)
    {
        string text;
        try
        {
            text = _fileSystem.File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliUsageException($"Cannot read password file '{path}': {ex.Message}", ex);
        }

        // The first line is the password, as with restic: a trailing newline from `echo pw > file` is not part of it.
        var newline = text.AsSpan().IndexOfAny('\r', '\n');
        var password = newline >= 0 ? text[..newline] : text;
        return password.Length > 0 ? password : throw new CliUsageException($"Password file '{path}' is empty.");
    }

    private string? GetVariable(string name) => _environment.TryGetValue(name, out var value) ? value : null;
}
