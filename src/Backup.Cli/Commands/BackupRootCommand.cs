using System.CommandLine;
using System.CommandLine.Help;

namespace Backup.Cli.Commands;

/// <summary>
/// The <c>backup</c> command tree. Each verb lives in its own file in this folder as
/// <c>internal static class XCommand { public static Command Create(CliHost host) }</c>, binds its handler with
/// <see cref="CommandExtensions.SetCliAction"/>, and is added in <see cref="Create"/>.
/// </summary>
internal static class BackupRootCommand
{
    /// <summary>
    /// The root's own name. Not <c>backup</c>: System.CommandLine puts the root's name in the same token table as the verbs,
    /// and a root named like its <c>backup</c> verb crashes the parser (dotnet/command-line-api#2260). A
    /// <see cref="RootCommand"/> always takes the executable's name, so the root is a plain command with its own
    /// help and version options.
    /// </summary>
    public const string RootName = "Backup";

    public static Command Create(CliHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var root = new Command(
            RootName,
            "backup: deduplicated, encrypted backups of directories to a repository, over Backup.Sdk.\n"
            + $"The repository comes from --repo or ${EnvironmentVariables.Repository}; the password from "
            + $"--password-file, ${EnvironmentVariables.Password}, ${EnvironmentVariables.PasswordFile} or the terminal.");
        root.Options.Add(new HelpOption());
        root.Options.Add(new VersionOption());

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
        root.Subcommands.Add(DiffCommand.Create(host));
        root.Subcommands.Add(ForgetCommand.Create(host));
        root.Subcommands.Add(DumpCommand.Create(host));
        root.Subcommands.Add(FindCommand.Create(host));
        root.Subcommands.Add(DrillCommand.Create(host));
        root.Subcommands.Add(StatusCommand.Create(host));
        root.Subcommands.Add(PruneCommand.Create(host));
        root.Subcommands.Add(UnlockCommand.Create(host));
        root.Subcommands.Add(VolumeCommand.Create(host));
        root.Subcommands.Add(CopyCommand.Create(host));
        return root;
    }
}
