using System.CommandLine;
using System.Globalization;
using Backup.Sdk;
using Backup.Sdk.Cryptography;

namespace Backup.Cli.Commands;

/// <summary>
/// <c>backup key list|add|remove|passwd</c>: the repository's password keys. Every key wraps the same master secret, so any
/// one password opens the repository; removing a key revokes its password.
/// </summary>
internal static class KeyCommand
{
    private static readonly string[] Header = [" ", "ID", "Created", "Host", "User"];

    public static Command Create(CliHost host)
    {
        var command = new Command("key", "Manage the passwords (keys) that open the repository.");
        command.Subcommands.Add(CreateList(host));
        command.Subcommands.Add(CreateAdd(host));
        command.Subcommands.Add(CreateRemove(host));
        command.Subcommands.Add(CreatePasswd(host));
        return command;
    }

    private static Option<string?> NewPasswordFileOption() => new("--new-password-file")
    {
        Description = "Read the new password from the first line of this file. Without it the new password is asked twice on the terminal.",
        HelpName = "file",
    };

    private static Command CreateList(CliHost host)
    {
        var command = new Command("list", "List the keys; * marks the one the password opened.");
        command.SetCliAction(host, async (context, parseResult, cancellationToken) =>
        {
            var repository = await context.OpenRepositoryAsync(cancellationToken).ConfigureAwait(false);
            List<KeyDocument> keys;
            await using (repository.ConfigureAwait(false))
            {
                var current = repository.Keys.CurrentKeyId;
                var infos = await repository.Keys.ListAsync(cancellationToken).ConfigureAwait(false);
                keys = [.. infos.Select(k => KeyDocument.From(k, string.Equals(k.Id, current, StringComparison.Ordinal)))];
            }

            context.WriteResult(keys, CliJsonContext.Default.ListKeyDocument, static (writer, list) =>
            {
                var rows = new List<string[]> { Header };
                rows.AddRange(list.Select(k => new[]
                {
                    k.Current ? "*" : " ",
                    k.Id[..8],
                    k.Created.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                    k.Hostname,
                    k.Username,
                }));
                TextTable.Write(writer, rows);
            });
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command CreateAdd(CliHost host)
    {
        var newPasswordFile = NewPasswordFileOption();
        var command = new Command("add", "Add a key for another password; the current password keeps working.") { newPasswordFile };
        command.SetCliAction(host, async (context, parseResult, cancellationToken) =>
        {
            var keyDerivation = KeyDerivation.FromEnvironment(context.Environment.Variables);
            var repository = await context.OpenRepositoryAsync(cancellationToken).ConfigureAwait(false);
            await using (repository.ConfigureAwait(false))
            {
                var newPassword = context.Passwords.GetNewKeyPassword(parseResult.GetValue(newPasswordFile));
                var (keyId, report) = await keyDerivation.RunAsync(kdf => repository.Keys.AddAsync(newPassword, kdf, cancellationToken: cancellationToken)).ConfigureAwait(false);
                context.WriteMessage(report.Describe());
                context.WriteResult(new KeyChangeResult(keyId, null, report), CliJsonContext.Default.KeyChangeResult, static (writer, r) => writer.WriteLine($"Added key {r.KeyId}"));
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command CreateRemove(CliHost host)
    {
        var id = new Argument<string>("id") { Description = "The key's id or a unique prefix of at least 8 characters (see 'key list')." };
        var command = new Command("remove", "Remove a key, so that its password no longer opens the repository. The key in use and the last key cannot be removed.") { id };
        command.SetCliAction(host, async (context, parseResult, cancellationToken) =>
        {
            var text = parseResult.GetRequiredValue(id);
            var repository = await context.OpenRepositoryAsync(cancellationToken).ConfigureAwait(false);
            string removed;
            await using (repository.ConfigureAwait(false))
            {
                try
                {
                    removed = await repository.Keys.RemoveAsync(text, cancellationToken).ConfigureAwait(false);
                }
                catch (InvalidOperationException ex)
                {
                    // The key in use or the last key: a refusal with the SDK's reason, not an unexpected error.
                    throw new BackupException(ex.Message, ex);
                }
                catch (ArgumentException ex)
                {
                    // Too short or ambiguous a prefix.
                    throw new CliUsageException(SnapshotArgument.UsageMessage(ex), ex);
                }
                catch (ObjectNotFoundException ex)
                {
                    throw new BackupException($"No key matches '{text}'.", ex);
                }
            }

            context.WriteResult(new KeyRemoveResult(removed), CliJsonContext.Default.KeyRemoveResult, static (writer, r) => writer.WriteLine($"Removed key {r.RemovedKeyId}"));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command CreatePasswd(CliHost host)
    {
        var newPasswordFile = NewPasswordFileOption();
        var command = new Command("passwd", "Change the password: add a key for the new password, then remove the key in use.") { newPasswordFile };
        command.SetCliAction(host, async (context, parseResult, cancellationToken) =>
        {
            var keyDerivation = KeyDerivation.FromEnvironment(context.Environment.Variables);
            var repository = await context.OpenRepositoryAsync(cancellationToken).ConfigureAwait(false);
            await using (repository.ConfigureAwait(false))
            {
                var newPassword = context.Passwords.GetNewKeyPassword(parseResult.GetValue(newPasswordFile));
                var oldKeyId = repository.Keys.CurrentKeyId;
                var (keyId, report) = await keyDerivation.RunAsync(kdf => repository.Keys.ChangePasswordAsync(newPassword, kdf, cancellationToken)).ConfigureAwait(false);
                context.WriteMessage(report.Describe());
                context.WriteResult(new KeyChangeResult(keyId, oldKeyId, report), CliJsonContext.Default.KeyChangeResult, static (writer, r) =>
                    writer.WriteLine($"Changed the password: new key {r.KeyId}; removed key {r.RemovedKeyId}"));
            }

            return ExitCodes.Success;
        });
        return command;
    }
}

/// <summary>A key as <c>key list --json</c> prints it.</summary>
internal sealed record KeyDocument(string Id, bool Current, DateTimeOffset Created, string Hostname, string Username, int MemoryKiB, int Iterations)
{
    public static KeyDocument From(KeyInfo key, bool current) =>
        new(key.Id, current, key.Created, key.Hostname, key.Username, key.Kdf.MemoryKiB, key.Kdf.Iterations);
}

/// <summary>The result of <c>key add</c> and <c>key passwd</c>.</summary>
/// <param name="KeyId">The new key's id.</param>
/// <param name="RemovedKeyId">For <c>key passwd</c>, the replaced key's id.</param>
/// <param name="KeyDerivation">The cost of the new key's password hashing and how long making it took.</param>
internal sealed record KeyChangeResult(string KeyId, string? RemovedKeyId, KeyDerivationReport KeyDerivation);

/// <summary>The result of <c>key remove</c>.</summary>
internal sealed record KeyRemoveResult(string RemovedKeyId);
