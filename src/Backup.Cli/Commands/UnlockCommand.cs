using System.CommandLine;
using System.Globalization;
using Backup.Sdk.Repository.Locks;

namespace Backup.Cli.Commands;

/// <summary>
/// <c>backup unlock [--remove-all]</c>: removes stale locks (of processes that are gone), or with <c>--remove-all</c> every
/// lock. A lock of another host is stale only after it stayed unchanged for the stale timeout, so this may wait that long.
/// </summary>
internal static class UnlockCommand
{
    public static Command Create(CliHost host)
    {
        var removeAll = new Option<bool>("--remove-all")
        {
            Description = "Remove every lock, also live ones. Only when no other process uses the repository.",
        };
        var command = new Command("unlock", "Remove stale locks left by processes that stopped without releasing them.")
        {
            removeAll,
        };

        command.SetCliAction(host, async (context, parseResult, cancellationToken) =>
        {
            await using var repository = await context.OpenRepositoryAsync(cancellationToken).ConfigureAwait(false);
            IReadOnlyList<LockInfo> removed;
            if (parseResult.GetValue(removeAll))
            {
                removed = await repository.Locks.RemoveAllAsync(cancellationToken).ConfigureAwait(false);
            }
            else
            {
                var count = (await repository.Locks.ListAsync(cancellationToken).ConfigureAwait(false)).Count;
                if (count > 0)
                {
                    context.WriteMessage(string.Create(CultureInfo.InvariantCulture, $"{count} lock(s) found; locks of other hosts are watched for up to {repository.Locks.Options.StaleTimeout} to tell whether they are stale"));
                }

                removed = await repository.Locks.RemoveStaleAsync(cancellationToken).ConfigureAwait(false);
            }

            var document = new UnlockDocument([.. removed.Select(l => new LockDocument(l.Name, l.Kind.ToString().ToLowerInvariant(), l.Hostname, l.Pid, l.Created))]);
            context.WriteResult(document, CliJsonContext.Default.UnlockDocument, WriteText);
            return ExitCodes.Success;
        });
        return command;
    }

    private static void WriteText(TextWriter output, UnlockDocument result)
    {
        output.WriteLine($"removed {result.Removed.Count} lock(s)");
        foreach (var removed in result.Removed)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {removed.Kind} lock of pid {removed.Pid} on {removed.Hostname}, since {removed.Created:u}"));
        }
    }
}

/// <summary>The result of <c>backup unlock</c>, as printed with <c>--json</c>.</summary>
internal sealed record UnlockDocument(IReadOnlyList<LockDocument> Removed);

/// <summary>One removed lock.</summary>
internal sealed record LockDocument(string Name, string Kind, string Hostname, int Pid, DateTimeOffset Created);
