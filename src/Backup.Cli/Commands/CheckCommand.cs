using System.CommandLine;
using System.Globalization;
using System.Text.Json.Serialization;
using Backup.Sdk.Validation;

namespace Backup.Cli.Commands;

/// <summary>
/// <c>backup check [--read-data | --read-data-subset &lt;p%|n/m&gt;]</c>: checks the repository's structure (and with <c>--read-data</c> every blob) and prints
/// each problem with the snapshots and paths it affects. Exit code 1 when damage is found; warnings alone exit 0.
/// </summary>
internal static class CheckCommand
{
    private const int PathsShown = 5;

    public static Command Create(CliHost host)
    {
        var readData = new Option<bool>("--read-data")
        {
            Description = "Also read every blob back and authenticate it (downloads the whole repository).",
        };
        var subset = new Option<string>("--read-data-subset")
        {
            Description = "Read only part of the data: a random share such as 10%, or a slice n/m of the packs (the runs 1/m .. m/m read every pack once).",
        };
        var command = new Command("check", "Check the repository for missing or damaged objects and say which snapshots and paths they affect.")
        {
            readData,
            subset,
        };

        command.SetCliAction(host, async (context, parseResult, cancellationToken) =>
        {
            var options = new CheckOptions { ReadData = parseResult.GetValue(readData) };
            if (parseResult.GetValue(subset) is { } subsetText)
            {
                if (options.ReadData)
                {
                    throw new CliUsageException("Give either --read-data or --read-data-subset, not both.");
                }

                try
                {
                    options.ReadDataSubset = DataSubset.Parse(subsetText);
                }
                catch (ArgumentException ex)
                {
                    throw new CliUsageException(SnapshotArgument.UsageMessage(ex), ex);
                }
            }

            await using var repository = await context.OpenRepositoryAsync(cancellationToken, useCache: false).ConfigureAwait(false);
            context.WriteVerbose($"checking {repository.Storage.Location}{(options.ReadData ? ", reading all data" : options.ReadDataSubset is { } s ? $", reading {s} of the data" : "")}");
            var report = await new RepositoryChecker(repository).CheckAsync(options, cancellationToken: cancellationToken).ConfigureAwait(false);
            context.WriteResult(CheckResultDocument.From(report), CliJsonContext.Default.CheckResultDocument, WriteText);
            return report.IsHealthy ? ExitCodes.Success : ExitCodes.Failure;
        });
        return command;
    }

    private static void WriteText(TextWriter output, CheckResultDocument result)
    {
        var read = result.BytesRead > 0 ? string.Create(CultureInfo.InvariantCulture, $", read {result.BytesRead / (1024.0 * 1024.0):0.0} MiB of pack data from {result.PacksRead} packs") : "";
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"checked {result.SnapshotsChecked} snapshots, {result.TreesChecked} trees, {result.BlobsReferenced} referenced blobs, {result.PacksChecked} packs, {result.IndexFilesChecked} index files in {result.DurationSeconds:0.0}s{read}"));
        output.WriteLine(result.Problems.Count == 0
            ? "no problems found"
            : $"{result.Errors} errors, {result.Warnings} warnings{(result.IsHealthy ? "; no damage" : "; the repository is damaged")}");

        foreach (var problem in result.Problems)
        {
            var severity = problem.Severity == CheckSeverity.Error ? "error" : "warning";
            output.WriteLine($"{severity}: {problem.Kind} {problem.ObjectName}: {problem.Message}");
            if (problem.AffectedSnapshots.Count > 0)
            {
                output.WriteLine($"    snapshots: {string.Join(", ", problem.AffectedSnapshots.Select(id => id[..8]))}");
            }

            if (problem.AffectedPaths.Count > 0)
            {
                var more = problem.AffectedPathCount - Math.Min(PathsShown, problem.AffectedPaths.Count);
                output.WriteLine($"    paths: {string.Join(", ", problem.AffectedPaths.Take(PathsShown))}{(more > 0 ? $" (and {more} more)" : "")}");
            }
        }
    }
}

/// <summary>The result of <c>backup check</c>, as printed with <c>--json</c>.</summary>
internal sealed record CheckResultDocument(
    bool IsHealthy,
    int Errors,
    int Warnings,
    long SnapshotsChecked,
    long TreesChecked,
    long BlobsReferenced,
    long PacksChecked,
    long IndexFilesChecked,
    long BytesRead,
    double DurationSeconds,
    IReadOnlyList<CheckProblemDocument> Problems,
    long PacksRead)
{
    public static CheckResultDocument From(CheckReport report)
    {
        var problems = report.Problems.Select(p => new CheckProblemDocument(
            p.Kind,
            p.Severity,
            p.ObjectName,
            p.BlobId?.ToString(),
            p.Message,
            [.. p.AffectedSnapshots.Select(id => id.ToString())],
            p.AffectedPaths,
            p.AffectedPathCount)).ToList();
        var errors = problems.Count(p => p.Severity == CheckSeverity.Error);
        return new CheckResultDocument(
            report.IsHealthy,
            errors,
            problems.Count - errors,
            report.SnapshotsChecked,
            report.TreesChecked,
            report.BlobsReferenced,
            report.PacksChecked,
            report.IndexFilesChecked,
            report.BytesRead,
            report.Duration.TotalSeconds,
            problems,
            report.PacksRead);
    }
}

/// <summary>One problem of <c>backup check</c>, as printed with <c>--json</c>; <c>blobId</c> is null when the problem is not about one blob.</summary>
internal sealed record CheckProblemDocument(
    CheckProblemKind Kind,
    CheckSeverity Severity,
    string ObjectName,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? BlobId,
    string Message,
    IReadOnlyList<string> AffectedSnapshots,
    IReadOnlyList<string> AffectedPaths,
    long AffectedPathCount);
