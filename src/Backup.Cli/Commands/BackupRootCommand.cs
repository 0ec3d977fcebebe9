using System.CommandLine;

namespace Backup.Cli.Commands;

/// <summary>
/// The <c>backup</c> command tree. Each verb lives in its own file in this folder as
/// <c>internal static class XCommand { public static Command Create(CliHost host) }</c>, binds its handler with
/// <see cref="CommandExtensions.SetCliAction"/>, and is added in <see cref="Create"/>.
/// </summary>
internal static class BackupRootCommand
{
    public static RootCommand Create(CliHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var root = new RootCommand(
            "backup: deduplicated, encrypted backups of directories to a repository, over Backup.Sdk.\n"
            + $"The repository comes from --repo or ${EnvironmentVariables.Repository}; the password from "
            + $"${EnvironmentVariables.Password}, --password-file (${EnvironmentVariables.PasswordFile}) or the terminal.");

        foreach (var option in host.Options.All)
        {
            root.Options.Add(option);
        }

        foreach (var version in root.Options.OfType<VersionOption>())
        {
            version.Action = new VersionAction(host.Environment.Out);
        }

        // Verbs, one line each, e.g.: root.Subcommands.Add(InitCommand.Create(host));
        root.Subcommands.Add(InitCommand.Create(host));
        root.Subcommands.Add(SnapshotsCommand.Create(host));
        root.Subcommands.Add(LsCommand.Create(host));
        root.Subcommands.Add(KeyCommand.Create(host));
        root.Subcommands.Add(CheckCommand.Create(host));
        root.Subcommands.Add(RestoreCommand.Create(host));
        root.Subcommands.Add(BackupCommand.Create(host));
        return root;
    }
}
