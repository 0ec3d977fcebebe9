using System.CommandLine;
using System.Globalization;
using Backup.Sdk.Maintenance;

namespace Backup.Cli.Commands;

/// <summary>
/// <c>backup prune [--dry-run] [--max-unused &lt;percent&gt;]</c>: deletes the packs that no snapshot uses, repacks mostly
/// unused ones and rewrites the index, under an exclusive lock.
/// </summary>
internal static class PruneCommand
{
    public static Command Create(CliHost host)
    {
        var dryRun = new Option<bool>("--dry-run")
        {
            Description = "Show what would be deleted and repacked without changing anything.",
        };
        var maxUnused = CreateMaxUnusedOption();
        var command = new Command("prune", "Free the space of data that no snapshot uses any more.")
        {
            dryRun,
            maxUnused,
        };

        command.SetCliAction(host, async (context, parseResult, cancellationToken) =>
        {
            var options = new PruneOptions { DryRun = parseResult.GetValue(dryRun), MaxUnusedPercent = ParsePercent(parseResult.GetValue(maxUnused)) };
            await using var repository = await context.OpenRepositoryAsync(cancellationToken).ConfigureAwait(false);
            var result = await new RepositoryPruner(repository).PruneAsync(options, cancellationToken).ConfigureAwait(false);
            context.WriteResult(PruneDocument.From(result), CliJsonContext.Default.PruneDocument, WriteText);
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The <c>--max-unused</c> option, shared with <c>forget --prune</c>.</summary>
    internal static Option<string> CreateMaxUnusedOption() => new("--max-unused")
    {
        Description = "Share of unused space allowed to remain, in percent of what remains (e.g. 5 or 5%). 0 repacks every partly used pack. Default 5.",
        DefaultValueFactory = _ => "5",
    };

    internal static double ParsePercent(string? text)
    {
        var trimmed = (text ?? "").Trim().TrimEnd('%');
        return double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value is >= 0 and <= 100
            ? value
            : throw new CliUsageException($"--max-unused must be a percentage from 0 to 100, not '{text}'.");
    }

    internal static void WriteText(TextWriter output, PruneDocument result)
    {
        var verb = result.DryRun ? "would delete" : "deleted";
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{verb} {result.PacksDeleted} packs ({result.UnreferencedPacksDeleted} unreferenced), repacked {result.PacksRepacked} into {result.PacksWritten}, kept {result.PacksKept}; {result.BlobsRemoved} blobs removed"));
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{(result.DryRun ? "would free" : "freed")} {Mib(result.BytesFreed)} MiB, {Mib(result.UnusedBytesRemaining)} MiB unused left, in {result.DurationSeconds:0.0}s"));
    }

    private static string Mib(long bytes) => (bytes / (1024.0 * 1024.0)).ToString("0.0", CultureInfo.InvariantCulture);
}

/// <summary>The result of <c>backup prune</c>, as printed with <c>--json</c>.</summary>
internal sealed record PruneDocument(
    bool DryRun,
    int SnapshotsKept,
    int PacksDeleted,
    int UnreferencedPacksDeleted,
    int PacksRepacked,
    int PacksWritten,
    int PacksKept,
    long BlobsRemoved,
    long BlobsRepacked,
    long BytesRepacked,
    long BytesFreed,
    long UnusedBytesRemaining,
    int IndexFilesReplaced,
    double DurationSeconds)
{
    public static PruneDocument From(PruneResult result) => new(
        result.DryRun,
        result.SnapshotsKept,
        result.PacksDeleted,
        result.UnreferencedPacksDeleted,
        result.PacksRepacked,
        result.PacksWritten,
        result.PacksKept,
        result.BlobsRemoved,
        result.BlobsRepacked,
        result.BytesRepacked,
        result.BytesFreed,
        result.UnusedBytesRemaining,
        result.IndexFilesReplaced,
        result.Duration.TotalSeconds);
}
