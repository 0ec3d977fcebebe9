using System.CommandLine;
using System.Globalization;
using Backup.Sdk.Repository.Snapshots;
using Backup.Sdk.Restore;

namespace Backup.Cli.Commands;

/// <summary>
/// <c>backup find &lt;pattern&gt; [--snapshot &lt;s&gt;]...</c>: which snapshots hold a path matching a glob pattern, with
/// each match's size and modification time. A pattern without '/' matches names at any depth; one with '/' whole paths.
/// Exits 1 when nothing matches.
/// </summary>
internal static class FindCommand
{
    public static Command Create(CliHost host)
    {
        var pattern = new Argument<string>("pattern") { Description = "A glob: '*.pdf' matches names at any depth, '/data/**/report.*' whole paths." };
        var snapshots = new Option<string[]>("--snapshot", "-s") { Description = "Search only this snapshot (id, prefix or 'latest'); repeatable. Default: all." };
        var command = new Command("find", "Find which snapshots hold a path matching a pattern.") { pattern, snapshots };
        command.SetCliAction(host, async (context, parseResult, cancellationToken) =>
        {
            await using var repository = await context.OpenRepositoryAsync(cancellationToken).ConfigureAwait(false);
            await repository.Blobs.LoadIndexAsync(cancellationToken).ConfigureAwait(false);
            var chosen = parseResult.GetValue(snapshots) ?? [];
            IReadOnlyList<Snapshot> searched;
            if (chosen.Length == 0)
            {
                searched = await repository.Snapshots.ListAsync(cancellationToken).ConfigureAwait(false);
            }
            else
            {
                var list = new List<Snapshot>();
                foreach (var text in chosen)
                {
                    list.Add(await SnapshotArgument.LoadAsync(repository, text, cancellationToken).ConfigureAwait(false));
                }

                searched = list;
            }

            var matches = new List<FindMatchDocument>();
            try
            {
                await foreach (var match in new SnapshotFinder(repository).FindAsync(searched, parseResult.GetValue(pattern)!, cancellationToken).ConfigureAwait(false))
                {
                    matches.Add(new FindMatchDocument(match.SnapshotId.ToString(), match.SnapshotTime, match.Path, match.Type.ToString().ToLowerInvariant(), match.Size, match.ModificationTime));
                }
            }
            catch (ArgumentException ex)
            {
                throw new CliUsageException(SnapshotArgument.UsageMessage(ex), ex);
            }

            context.WriteResult(matches, CliJsonContext.Default.ListFindMatchDocument, WriteText);
            return matches.Count > 0 ? ExitCodes.Success : ExitCodes.Failure;
        });
        return command;
    }

    private static void WriteText(TextWriter output, List<FindMatchDocument> matches)
    {
        if (matches.Count == 0)
        {
            output.WriteLine("no matches");
            return;
        }

        var c = CultureInfo.InvariantCulture;
        string? current = null;
        foreach (var match in matches)
        {
            if (match.SnapshotId != current)
            {
                current = match.SnapshotId;
                output.WriteLine(string.Create(c, $"snapshot {match.SnapshotId[..8]} of {match.SnapshotTime:yyyy-MM-dd HH:mm:ss zzz}:"));
            }

            output.WriteLine(string.Create(c, $"  {match.Size,12}  {match.ModificationTime.UtcDateTime:yyyy-MM-dd HH:mm:ss}  {match.Path}{(match.Type == "dir" || match.Type == "directory" ? "/" : "")}"));
        }
    }
}

/// <summary>One match of <c>backup find</c>, as printed with <c>--json</c>.</summary>
internal sealed record FindMatchDocument(string SnapshotId, DateTimeOffset SnapshotTime, string Path, string Type, long Size, DateTimeOffset ModificationTime);
