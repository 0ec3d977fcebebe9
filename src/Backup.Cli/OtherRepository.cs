using Backup.Sdk;
using Backup.Sdk.Repository;

namespace Backup.Cli;

/// <summary>
/// Opens a repository other than <c>--repo</c> (the source of <c>copy</c>, the copies of <c>status</c>): its password comes
/// from its own password file, else from a variable (e.g. <c>BACKUP_FROM_PASSWORD</c>), else the primary repository's
/// password is tried. A password that opens no key is reported naming the repository (exit 11).
/// </summary>
internal static class OtherRepository
{
    public static async Task<BackupRepository> OpenAsync(CliContext context, string location, string? passwordFile, string? passwordVariable, string role, CancellationToken cancellationToken)
    {
        var storage = context.CreateStorage(location);
        if (await storage.StatAsync("config", cancellationToken).ConfigureAwait(false) is null)
        {
            throw new RepositoryNotFoundException(storage.Location);
        }

        var fromVariable = passwordVariable is null ? null : context.Environment.Variables.GetValueOrDefault(passwordVariable);
        string password;
        if (!string.IsNullOrEmpty(passwordFile) || !string.IsNullOrEmpty(fromVariable))
        {
            // The provider's rules (first line of the file, no empty password), with the variable in the place of BACKUP_PASSWORD.
            var variables = new Dictionary<string, string?> { [EnvironmentVariables.Password] = fromVariable };
            password = new PasswordProvider(variables, passwordFile, context.Environment.FileSystem, context.Environment.PasswordPrompt).GetPassword();
        }
        else
        {
            password = context.Passwords.GetPassword();
        }

        var options = new RepositoryOptions { Locks = LockTimings.Parse(context.Environment.Variables.GetValueOrDefault(EnvironmentVariables.LockTimings)) };
        try
        {
            var repository = await BackupRepository.OpenAsync(storage, password, options, cancellationToken: cancellationToken).ConfigureAwait(false);
            context.WarnIfConditionalWritesIgnored(repository, always: false);
            return repository;
        }
        catch (WrongPasswordException)
        {
            var hint = passwordVariable is null ? "give its password-file" : $"pass --from-password-file <file> or set {passwordVariable}";
            throw new WrongPasswordException($"Wrong password for the {role} repository {storage.Location}: no key opens with it ({hint}).");
        }
    }
}
