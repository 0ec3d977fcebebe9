using System.CommandLine;
using System.Globalization;
using Backup.Sdk;
using Backup.Sdk.Maintenance;
using Backup.Sdk.Retention;

namespace Backup.Cli.Commands;

/// <summary>
/// <c>backup forget [&lt;snapshot&gt;...] [--keep-* ...]</c>: removes snapshot records by retention policy or by id, and reports
/// snapshots whose time looks planted. The data stays until a prune.
/// </summary>
internal static class ForgetCommand
{
    public static Command Create(CliHost host)
    {
        var ids = new Argument<string[]>("snapshot")
        {
            Arity = ArgumentArity.ZeroOrMore,
            Description = "Snapshots to forget (full id, unique prefix of 8+ hex characters, or 'latest') instead of a policy.",
        };
        var keepLast = Count("--keep-last", "Keep the newest n snapshots.");
        var keepHourly = Count("--keep-hourly", "Keep the newest snapshot of each of the last n hours that have one.");
        var keepDaily = Count("--keep-daily", "Keep the newest snapshot of each of the last n days that have one.");
        var keepWeekly = Count("--keep-weekly", "Keep the newest snapshot of each of the last n ISO weeks that have one.");
        var keepMonthly = Count("--keep-monthly", "Keep the newest snapshot of each of the last n months that have one.");
        var keepYearly = Count("--keep-yearly", "Keep the newest snapshot of each of the last n years that have one.");
        var keepWithin = new Option<string?>("--keep-within")
        {
            Description = "Keep snapshots newer than this duration before the group's newest (y, m, w, d, h; e.g. 30d, 1y6m, 2w3d12h).",
            HelpName = "duration",
        };
        var keepTags = new Option<string[]>("--keep-tag") { Description = "Keep every snapshot with this tag (repeatable).", HelpName = "tag", Arity = ArgumentArity.ZeroOrMore };
        var hosts = new Option<string[]>("--host") { Description = "Only snapshots of this host (repeatable).", HelpName = "hostname", Arity = ArgumentArity.ZeroOrMore };
        var tags = new Option<string[]>("--tag")
        {
            Description = "Only snapshots with this tag. A comma-separated list requires all its tags; repeating --tag accepts any of the lists.",
            HelpName = "tag[,tag...]",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var groupBy = new Option<string?>("--group-by")
        {
            Description = "What a group of snapshots shares: a comma-separated list of host, paths and tags, or none (default: host,paths).",
            HelpName = "list",
        };
        var dryRun = new Option<bool>("--dry-run", "-n") { Description = "Show what would be removed; change nothing." };
        var prune = new Option<bool>("--prune") { Description = "Prune the repository after forgetting (with --dry-run: show what a prune would do)." };
        var maxUnused = PruneCommand.CreateMaxUnusedOption();
        var force = new Option<bool>("--force") { Description = "Go on even when the policy keeps no snapshot of a group." };

        var command = new Command("forget", "Remove snapshots by retention policy or by id (their data stays until a prune).");
        command.Arguments.Add(ids);
        foreach (var option in new Option[] { keepLast, keepHourly, keepDaily, keepWeekly, keepMonthly, keepYearly, keepWithin, keepTags, hosts, tags, groupBy, dryRun, prune, maxUnused, force })
        {
            command.Options.Add(option);
        }

        command.SetCliAction(host, async (context, parseResult, cancellationToken) =>
        {
            var pruneOptions = parseResult.GetValue(prune)
                ? new PruneOptions { DryRun = parseResult.GetValue(dryRun), MaxUnusedPercent = PruneCommand.ParsePercent(parseResult.GetValue(maxUnused)) }
                : null;

            var rules = new RetentionRules
            {
                KeepLast = NonNegative(parseResult, keepLast),
                KeepHourly = NonNegative(parseResult, keepHourly),
                KeepDaily = NonNegative(parseResult, keepDaily),
                KeepWeekly = NonNegative(parseResult, keepWeekly),
                KeepMonthly = NonNegative(parseResult, keepMonthly),
                KeepYearly = NonNegative(parseResult, keepYearly),
                KeepWithin = Duration(parseResult.GetValue(keepWithin)),
                KeepTags = parseResult.GetValue(keepTags) ?? [],
                GroupBy = Grouping(parseResult.GetValue(groupBy)),
            };
            var snapshotIds = parseResult.GetValue(ids) ?? [];
            if (snapshotIds.Length > 0 && !rules.IsEmpty)
            {
                throw new CliUsageException("Give snapshot ids or --keep-* options, not both.");
            }

            if (snapshotIds.Length == 0 && rules.IsEmpty)
            {
                throw new CliUsageException("Nothing to forget: give at least one --keep-* option, or the snapshots to forget.");
            }

            var request = new ForgetRequest
            {
                Rules = rules.IsEmpty ? null : rules,
                SnapshotIds = snapshotIds,
                Hosts = parseResult.GetValue(hosts) ?? [],
                Tags = [.. (parseResult.GetValue(tags) ?? []).Select(t => t.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Where(l => l.Length > 0)],
                DryRun = parseResult.GetValue(dryRun),
                AllowKeepNothing = parseResult.GetValue(force),
            };

            await using var repository = await context.OpenRepositoryAsync(cancellationToken).ConfigureAwait(false);
            ForgetResult result;
            try
            {
                result = await new ForgetService().ForgetAsync(repository, request, cancellationToken).ConfigureAwait(false);
            }
            catch (ArgumentException ex)
            {
                throw new CliUsageException(SnapshotArgument.UsageMessage(ex), ex);
            }
            catch (ObjectNotFoundException ex)
            {
                throw new BackupException($"No snapshot matches: {ex.ObjectName}. Nothing was forgotten.", ex);
            }

            foreach (var warning in result.Warnings)
            {
                context.WriteWarning(warning.Message);
            }

            // A dry run prunes nothing, so its prune report cannot see the snapshots it would forget as gone: it shows
            // what a prune of the repository as it is would do.
            PruneDocument? pruned = null;
            if (pruneOptions is not null)
            {
                var pruneResult = await new RepositoryPruner(repository).PruneAsync(pruneOptions, cancellationToken).ConfigureAwait(false);
                pruned = PruneDocument.From(pruneResult);
            }

            context.WriteResult(ForgetDocument.From(result, pruned), CliJsonContext.Default.ForgetDocument, (output, document) =>
            {
                ForgetText.Write(output, document);
                if (document.Prune is { } p)
                {
                    PruneCommand.WriteText(output, p);
                }
            });
            context.WriteMessage(result.DryRun
                ? $"dry run: {Count(result.Remove.Count)} would be removed, nothing was changed"
                : pruned is null
                    ? $"{Count(result.Remove.Count)} removed; run prune to free their data"
                    : $"{Count(result.Remove.Count)} removed and the repository pruned");
            return ExitCodes.Success;
        });
        return command;
    }

    internal static string Count(int n) => n == 1 ? "1 snapshot" : string.Create(CultureInfo.InvariantCulture, $"{n} snapshots");

    private static Option<int> Count(string name, string description) => new(name) { Description = description, HelpName = "n" };

    private static int NonNegative(ParseResult parseResult, Option<int> option)
    {
        var value = parseResult.GetValue(option);
        return value >= 0 ? value : throw new CliUsageException($"{option.Name} must be 0 or more, not {value}.");
    }

    private static RetentionDuration? Duration(string? text)
    {
        if (text is null)
        {
            return null;
        }

        return RetentionDuration.TryParse(text, out var duration)
            ? duration
            : throw new CliUsageException($"--keep-within '{text}' is not a duration: use numbers with the units y, m, w, d and h, e.g. 30d, 1y6m or 2w3d12h.");
    }

    private static SnapshotGrouping Grouping(string? text)
    {
        if (text is null)
        {
            return SnapshotGrouping.Host | SnapshotGrouping.Paths;
        }

        var grouping = SnapshotGrouping.None;
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            grouping |= part switch
            {
                "host" => SnapshotGrouping.Host,
                "paths" => SnapshotGrouping.Paths,
                "tags" => SnapshotGrouping.Tags,
                "none" => SnapshotGrouping.None,
                _ => throw new CliUsageException($"--group-by '{part}' is not one of host, paths, tags or none."),
            };
        }

        return grouping;
    }
}
