using System.CommandLine;
using Backup.Sdk;
using Backup.Sdk.Repository;
using Backup.Sdk.Storage;

namespace Backup.Cli.Commands;

/// <summary><c>backup init</c>: creates a repository at <c>--repo</c> with the password, and prints its id and the first key's id.</summary>
internal static class InitCommand
{
    private const string Reminder = "Keep the password safe: without it the data in this repository cannot be read by anyone, including you.";

    public static Command Create(CliHost host)
    {
        var packSize = new Option<int?>("--pack-size")
        {
            Description = $"Target size of pack files in bytes ({RepositoryInitOptions.MinPackSize} to {RepositoryInitOptions.MaxPackSize}; default 16 MiB). Fixed for the repository.",
        };
        var command = new Command("init", "Create a new repository at --repo (a directory, created if missing), protected by the password.");
        command.Options.Add(packSize);
        command.SetCliAction(host, async (context, parseResult, cancellationToken) =>
        {
            var initOptions = new RepositoryInitOptions();
            if (parseResult.GetValue(packSize) is { } size)
            {
                initOptions.PackSize = size;
            }

            try
            {
                initOptions.Validate();
            }
            catch (ArgumentException ex)
            {
                throw new CliUsageException(ex.Message);
            }

            // Everything that can be wrong with the command line is checked before a password is asked or a file written.
            var keyDerivation = KeyDerivation.FromEnvironment(context.Environment.Variables);
            var storage = context.CreateStorage();
            if (storage is ICreatableStorage creatable)
            {
                // A bucket or container is created when missing and the credentials allow; an existing one is used as it is.
                await creatable.CreateIfMissingAsync(cancellationToken).ConfigureAwait(false);
            }

            if (await storage.StatAsync("config", cancellationToken).ConfigureAwait(false) is not null)
            {
                throw new RepositoryAlreadyExistsException(storage.Location);
            }

            var password = context.Passwords.GetNewRepositoryPassword();
            var (repository, report) = await keyDerivation.RunAsync(kdf => BackupRepository.InitAsync(
                storage,
                password,
                new RepositoryInitOptions { Kdf = kdf, PackSize = initOptions.PackSize },
                cancellationToken: cancellationToken)).ConfigureAwait(false);

            InitResult result;
            await using (repository.ConfigureAwait(false))
            {
                result = new InitResult(repository.Config.RepositoryId, repository.Keys.CurrentKeyId, storage.Location, repository.ConditionalWrites.ToString().ToLowerInvariant(), report);
                context.WarnIfConditionalWritesIgnored(repository, always: true);
            }

            context.WriteMessage(report.Describe());
            if (context.Json)
            {
                context.WriteMessage(Reminder);
            }

            context.WriteResult(result, CliJsonContext.Default.InitResult, static (writer, r) =>
            {
                writer.WriteLine($"Created repository {r.RepositoryId} at {r.Location}");
                writer.WriteLine($"Key: {r.KeyId}");
                writer.WriteLine(Reminder);
            });
            return ExitCodes.Success;
        });
        return command;
    }
}

/// <summary>The result of <c>init</c>.</summary>
/// <param name="RepositoryId">The new repository's id.</param>
/// <param name="KeyId">The id of its first key.</param>
/// <param name="Location">The repository directory, absolute.</param>
/// <param name="ConditionalWrites">
/// Whether the store refuses a conditional write over an existing object (<see cref="ConditionalWriteSupport"/>, lower case):
/// <c>guaranteed</c> (local), <c>honoured</c>, <c>ignored</c> (concurrent inits are not refused) or <c>unknown</c>.
/// </param>
/// <param name="KeyDerivation">The cost of the key's password hashing and how long making the key took.</param>
internal sealed record InitResult(string RepositoryId, string KeyId, string Location, string ConditionalWrites, KeyDerivationReport KeyDerivation);
