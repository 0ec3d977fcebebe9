using System.CommandLine;
using System.Globalization;
using System.Text.Json.Serialization;
using Backup.Sdk.Repository;
using Backup.Sdk.Repository.Snapshots;

namespace Backup.Cli.Commands;

/// <summary><c>backup snapshots</c>: lists the snapshots, oldest first, optionally only those with given tags or hosts.</summary>
internal static class SnapshotsCommand
{
    private static readonly string[] Header = ["ID", "Time", "Host", "Tags", "Level", "Paths"];

    public static Command Create(CliHost host)
    {
        var tags = new Option<string[]>("--tag")
        {
            Description = "Only snapshots with this tag. A comma-separated list requires all its tags; repeating --tag accepts any of the lists.",
            HelpName = "tag[,tag...]",
            AllowMultipleArgumentsPerToken = false,
        };
        var hosts = new Option<string[]>("--host")
        {
            Description = "Only snapshots of this host (repeat for several hosts).",
            HelpName = "hostname",
        };

        var command = new Command("snapshots", "List the snapshots in the repository, oldest first.") { tags, hosts };
        command.SetCliAction(host, async (context, parseResult, cancellationToken) =>
        {
            var filter = new SnapshotFilter(parseResult.GetValue(tags) ?? [], parseResult.GetValue(hosts) ?? []);
            var repository = await context.OpenRepositoryAsync(cancellationToken).ConfigureAwait(false);
            IReadOnlyList<Snapshot> all;
            await using (repository.ConfigureAwait(false))
            {
                all = await repository.Snapshots.ListAsync(cancellationToken).ConfigureAwait(false);
            }

            var documents = all.Where(filter.Matches).Select(SnapshotDocument.From).ToList();
            context.WriteResult(documents, CliJsonContext.Default.ListSnapshotDocument, WriteTable);
            return ExitCodes.Success;
        });
        return command;
    }

    private static void WriteTable(TextWriter writer, List<SnapshotDocument> snapshots)
    {
        var rows = new List<string[]> { Header };
        foreach (var s in snapshots)
        {
            var time = s.Time.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
            rows.Add([s.Id[..8], time, s.Hostname, string.Join(",", s.Tags), s.Level, s.Paths.Count > 0 ? s.Paths[0] : ""]);

            // Further paths go on lines of their own under the first, as restic prints them.
            foreach (var path in s.Paths.Skip(1))
            {
                rows.Add(["", "", "", "", "", path]);
            }
        }

        if (snapshots.Count > 0)
        {
            TextTable.Write(writer, rows);
        }

        writer.WriteLine(snapshots.Count == 1 ? "1 snapshot" : $"{snapshots.Count} snapshots");
    }

    /// <summary>Which snapshots <c>--tag</c> and <c>--host</c> select (restic's rules).</summary>
    private sealed class SnapshotFilter
    {
        private readonly List<string[]> _tagLists;
        private readonly string[] _hosts;

        public SnapshotFilter(string[] tags, string[] hosts)
        {
            _tagLists = [.. tags.Select(t => t.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Where(l => l.Length > 0)];
            _hosts = hosts;
        }

        public bool Matches(Snapshot snapshot) =>
            (_hosts.Length == 0 || _hosts.Contains(snapshot.Hostname, StringComparer.Ordinal))
            && (_tagLists.Count == 0 || _tagLists.Exists(list => list.All(tag => snapshot.Tags.Contains(tag, StringComparer.Ordinal))));
    }
}

/// <summary>A snapshot as <c>snapshots --json</c> prints it: the stored document with its full id.</summary>
internal sealed record SnapshotDocument(
    string Id,
    string ShortId,
    DateTimeOffset Time,
    string Hostname,
    string? Username,
    IReadOnlyList<string> Paths,
    IReadOnlyList<string> Tags,
    string Level,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Parent,
    string Tree,
    IReadOnlyList<string>? Excludes,
    string? Program,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] SnapshotSummary? Summary)
{
    public static SnapshotDocument From(Snapshot snapshot) => new(
        snapshot.Id.ToString(),
        snapshot.Id.ToShortString(),
        snapshot.Time,
        snapshot.Hostname,
        snapshot.Username,
        snapshot.Paths,
        snapshot.Tags,
        LevelName(snapshot.Level),
        snapshot.Parent?.ToString(),
        snapshot.Tree.ToString(),
        snapshot.Excludes,
        snapshot.Program,
        snapshot.Summary);

    private static string LevelName(BackupLevel level) => level switch
    {
        BackupLevel.Full => "full",
        BackupLevel.Incremental => "incremental",
        BackupLevel.Differential => "differential",
        _ => level.ToString().ToLowerInvariant(),
    };
}
