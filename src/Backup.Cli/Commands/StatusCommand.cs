using System.CommandLine;
using System.Globalization;
using Backup.Sdk.Validation;

namespace Backup.Cli.Commands;

/// <summary>
/// <c>backup status [--rpo &lt;age&gt;] [--rto &lt;time&gt;]</c>: per group of snapshots (host and paths) the newest snapshot and
/// its age against the recovery point objective, the last recorded drill's recovery time against the recovery time
/// objective, and an estimated restore time. The output is in sections (today: recovery) so that more (e.g. 3-2-1 copies)
/// can join. Exits 1 when an objective is missed.
/// </summary>
internal static class StatusCommand
{
    public static Command Create(CliHost host)
    {
        var rpo = new Option<string>("--rpo") { Description = "Recovery point objective: the greatest age of each group's newest snapshot, e.g. 24h, 90m, 7d." };
        var rto = new Option<string>("--rto") { Description = "Recovery time objective: the longest a restore may take, e.g. 4h." };
        var command = new Command("status", "Show each group's newest snapshot, its age, the last drill's recovery time, and whether the objectives are met.") { rpo, rto };
        var copies = new StatusCopies();
        copies.AddTo(command);
        command.SetCliAction(host, async (context, parseResult, cancellationToken) =>
        {
            var objectives = new RecoveryObjectives
            {
                RecoveryPointObjective = ParseDuration(parseResult.GetValue(rpo), "--rpo"),
                RecoveryTimeObjective = ParseDuration(parseResult.GetValue(rto), "--rto"),
            };
            await using var repository = await context.OpenRepositoryAsync(cancellationToken).ConfigureAwait(false);
            var status = await new RecoveryStatusReader(repository).GetStatusAsync(objectives, cancellationToken).ConfigureAwait(false);
            status = StatusCopies.With(status, await copies.EvaluateAsync(context, parseResult, repository, cancellationToken).ConfigureAwait(false));
            context.WriteResult(status, CliJsonContext.Default.RecoveryStatusReport, WriteText);
            return status.State == ObjectiveState.Missed ? ExitCodes.Failure : ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Parses <c>30s</c>, <c>90m</c>, <c>24h</c>, <c>7d</c> or a <see cref="TimeSpan"/> (<c>1.02:00:00</c>).</summary>
    internal static TimeSpan? ParseDuration(string? text, string option)
    {
        if (text is null)
        {
            return null;
        }

        var trimmed = text.Trim();
        TimeSpan? value = trimmed.Length > 1 && double.TryParse(trimmed[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            ? char.ToLowerInvariant(trimmed[^1]) switch
            {
                's' => TimeSpan.FromSeconds(number),
                'm' => TimeSpan.FromMinutes(number),
                'h' => TimeSpan.FromHours(number),
                'd' => TimeSpan.FromDays(number),
                _ => null,
            }
            : null;
        if (value is null && TimeSpan.TryParse(trimmed, CultureInfo.InvariantCulture, out var span))
        {
            value = span;
        }

        return value is { } v && v > TimeSpan.Zero ? v : throw new CliUsageException($"{option}: '{text}' is not a positive duration (e.g. 30s, 90m, 24h, 7d).");
    }

    private static void WriteText(TextWriter output, RecoveryStatusReport status)
    {
        var c = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(c, $"status: {Word(status.State)} (RPO {Seconds(status.RpoSeconds)}, RTO {Seconds(status.RtoSeconds)})"));
        output.WriteLine();
        output.WriteLine("recovery points and times:");
        if (status.Recovery.Groups.Count == 0)
        {
            output.WriteLine("  no snapshots");
        }

        foreach (var group in status.Recovery.Groups)
        {
            output.WriteLine(string.Create(c, $"  {group.Hostname} {string.Join(' ', group.Paths)}"));
            output.WriteLine(string.Create(c, $"    newest snapshot {group.NewestSnapshotId[..8]} of {group.NewestSnapshotTime:yyyy-MM-dd HH:mm:ss zzz}, {Seconds(group.AgeSeconds)} old: RPO {Word(group.Rpo)}"));
            output.WriteLine(group.LastDrill is { } drill
                ? string.Create(c, $"    last drill {drill.Time:yyyy-MM-dd HH:mm:ss zzz} of {drill.SnapshotId[..8]}: {(drill.Passed ? "passed" : "FAILED")}, restored in {Seconds(drill.RestoreSeconds)}{(drill.Sample < 1 ? $" (a {drill.Sample * 100:0.#}% sample)" : "")} at {drill.ThroughputBytesPerSecond / (1024 * 1024):0.0} MiB/s: RTO {Word(group.Rto)}")
                : "    no drill recorded (run backup drill): RTO unknown");
            if (group.EstimatedRestoreSeconds is { } estimate)
            {
                output.WriteLine(string.Create(c, $"    estimated restore of the newest snapshot: {Seconds(estimate)}"));
            }
        }

        if (status.Copies is { } copies)
        {
            StatusCopies.WriteText(output, copies);
        }
    }

    private static string Word(ObjectiveState state) => state switch
    {
        ObjectiveState.Met => "met",
        ObjectiveState.Missed => "MISSED",
        _ => "unknown",
    };

    private static string Seconds(double? seconds) => seconds switch
    {
        null => "not set",
        < 120 => string.Create(CultureInfo.InvariantCulture, $"{seconds:0.#} s"),
        < 7200 => string.Create(CultureInfo.InvariantCulture, $"{seconds / 60:0.#} min"),
        < 172_800 => string.Create(CultureInfo.InvariantCulture, $"{seconds / 3600:0.#} h"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{seconds / 86400:0.#} d"),
    };
}
