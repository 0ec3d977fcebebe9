using System.Globalization;
using Backup.Sdk.Retention;

namespace Backup.Cli.Commands;

/// <summary>The text output of <c>forget</c>: per group, a table of the kept snapshots with their reasons and one of the removed (as restic prints them).</summary>
internal static class ForgetText
{
    public static void Write(TextWriter writer, ForgetDocument document)
    {
        if (document.Groups.Count == 0)
        {
            WriteTable(writer, $"remove {ForgetCommand.Count(document.Remove.Count)}:", document.Remove.Select(r => Row(r.Id, r.Time, [])));
            return;
        }

        var times = document.Keep.Select(k => (k.Id, k.Time)).Concat(document.Remove.Select(r => (r.Id, r.Time))).ToDictionary(p => p.Id, p => p.Time);
        var reasons = document.Keep.ToDictionary(k => k.Id, k => k.Reasons);
        for (var i = 0; i < document.Groups.Count; i++)
        {
            var group = document.Groups[i];
            if (i > 0)
            {
                writer.WriteLine();
            }

            writer.WriteLine(Describe(group) is { } shared ? $"snapshots for {shared}:" : "all snapshots (not grouped):");
            WriteTable(writer, $"keep {ForgetCommand.Count(group.Keep.Count)}:", group.Keep.Select(id => Row(id, times[id], reasons[id])));
            WriteTable(writer, $"remove {ForgetCommand.Count(group.Remove.Count)}:", group.Remove.Select(id => Row(id, times[id], [])));
        }
    }

    private static string? Describe(ForgetGroupDocument group)
    {
        var parts = new List<string>();
        if (group.Host is not null)
        {
            parts.Add($"host [{group.Host}]");
        }

        if (group.Paths is not null)
        {
            parts.Add($"paths [{string.Join(", ", group.Paths)}]");
        }

        if (group.Tags is not null)
        {
            parts.Add($"tags [{string.Join(", ", group.Tags)}]");
        }

        return parts.Count == 0 ? null : string.Join(", ", parts);
    }

    private static (string Id, string Time, IReadOnlyList<string> Reasons) Row(string id, DateTimeOffset time, IReadOnlyList<string> reasons) =>
        (id[..8], time.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), reasons);

    private static void WriteTable(TextWriter writer, string title, IEnumerable<(string Id, string Time, IReadOnlyList<string> Reasons)> rows)
    {
        var list = rows.ToList();
        writer.WriteLine(title);
        if (list.Count == 0)
        {
            return;
        }

        var withReasons = list.Exists(r => r.Reasons.Count > 0);
        var table = new List<string[]> { withReasons ? ["ID", "Time", "Reasons"] : ["ID", "Time"] };
        foreach (var (id, time, reasons) in list)
        {
            table.Add(withReasons ? [id, time, reasons.Count > 0 ? reasons[0] : ""] : [id, time]);

            // Further reasons on lines of their own under the first, as restic prints them.
            foreach (var reason in reasons.Skip(1))
            {
                table.Add(["", "", reason]);
            }
        }

        TextTable.Write(writer, table);
    }
}
