using System.CommandLine;
using System.Globalization;
using Backup.Sdk.Validation;

namespace Backup.Cli.Commands;

/// <summary>
/// <c>backup drill [&lt;snapshot&gt;] [--sample &lt;p%&gt;]</c>: restores a snapshot (default: the latest) or a sample of its
/// files into a scratch directory, compares every byte and the metadata with the snapshot, measures the recovery time and
/// throughput, records the drill in the repository and removes what it restored. Exits 1 when the drill fails.
/// </summary>
internal static class DrillCommand
{
    public static Command Create(CliHost host)
    {
        var snapshot = new Argument<string>("snapshot") { Description = "The snapshot: an id, a unique prefix of 8 or more hex characters, or 'latest' (the default).", Arity = ArgumentArity.ZeroOrOne };
        var sample = new Option<string>("--sample") { Description = "Restore only this share of the files, e.g. 10% (directories and links always)." };
        var scratch = new Option<string>("--scratch") { Description = "Restore below this directory (default: the temporary directory); a fresh directory is made there and removed." };
        var noRecord = new Option<bool>("--no-record") { Description = "Do not store the drill's outcome in the repository (status then does not see it)." };
        var command = new Command("drill", "Restore a snapshot into a scratch directory, compare it with the snapshot, and measure the recovery time.") { snapshot, sample, scratch, noRecord };
        command.SetCliAction(host, async (context, parseResult, cancellationToken) =>
        {
            if (!OperatingSystem.IsLinux())
            {
                throw new CliUsageException("drill runs on Linux only in this version.");
            }

            var options = new DrillOptions { ScratchDirectory = parseResult.GetValue(scratch), Record = !parseResult.GetValue(noRecord) };
            if (parseResult.GetValue(sample) is { } text)
            {
                options.Sample = ParseShare(text);
            }

            await using var repository = await context.OpenRepositoryAsync(cancellationToken).ConfigureAwait(false);
            await repository.Blobs.LoadIndexAsync(cancellationToken).ConfigureAwait(false);
            var loaded = await SnapshotArgument.LoadAsync(repository, parseResult.GetValue(snapshot) ?? "latest", cancellationToken).ConfigureAwait(false);
            var result = await new RestoreDrill(repository).RunAsync(loaded, options, cancellationToken).ConfigureAwait(false);
            context.WriteResult(DrillDocument.From(result), CliJsonContext.Default.DrillDocument, WriteText);
            return result.Status == ValidationStatus.Passed ? ExitCodes.Success : ExitCodes.Failure;
        });
        return command;
    }

    /// <summary>Parses <c>10%</c> (or <c>0.1</c>) into a share in (0, 1].</summary>
    internal static double ParseShare(string text)
    {
        var trimmed = text.Trim();
        var percent = trimmed.EndsWith('%');
        if (!double.TryParse(percent ? trimmed[..^1] : trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            throw new CliUsageException($"'{text}' is not a share: give a percentage such as 10%.");
        }

        var share = percent ? value / 100 : value;
        return share is > 0 and <= 1 ? share : throw new CliUsageException($"'{text}' is out of range: give more than 0% and at most 100%.");
    }

    private static void WriteText(TextWriter output, DrillDocument document)
    {
        var c = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(c, $"drill of snapshot {document.SnapshotId[..8]}: {document.Status}"));
        output.WriteLine(string.Create(c, $"restored and compared {document.FilesChecked} files, {document.BytesChecked} bytes{(document.Sample < 1 ? $" (a {document.Sample * 100:0.#}% sample)" : "")}"));
        output.WriteLine(string.Create(c, $"recovery time {document.RtoSeconds:0.###} s, {document.ThroughputBytesPerSecond / (1024 * 1024):0.0} MiB/s; verification {document.VerifySeconds:0.###} s"));
        foreach (var failure in document.Failures)
        {
            output.WriteLine($"failure: {failure.Message}");
        }
    }
}

/// <summary>The result of <c>backup drill</c>, as printed with <c>--json</c>.</summary>
internal sealed record DrillDocument(
    string Status,
    string SnapshotId,
    double Sample,
    long FilesChecked,
    long BytesChecked,
    long BytesRestored,
    double RtoSeconds,
    double VerifySeconds,
    double ThroughputBytesPerSecond,
    string? RecordId,
    IReadOnlyList<ValidationFailureDocument> Failures)
{
    public static DrillDocument From(DrillResult result) => new(
        result.Status == ValidationStatus.Passed ? "passed" : "failed",
        result.SnapshotId.ToString(),
        result.Sample,
        result.FilesChecked,
        result.BytesChecked,
        result.BytesRestored,
        result.RecoveryTime.TotalSeconds,
        result.VerifyTime.TotalSeconds,
        result.ThroughputBytesPerSecond,
        result.RecordId?.ToString(),
        [.. result.Failures.Select(ValidationFailureDocument.From)]);
}

/// <summary>One failure of a drill, as printed with <c>--json</c>.</summary>
internal sealed record ValidationFailureDocument(string Message, string? ObjectName, IReadOnlyList<string> AffectedSnapshots, IReadOnlyList<string> AffectedPaths)
{
    public static ValidationFailureDocument From(ValidationFailure failure) => new(failure.Message, failure.ObjectName, failure.AffectedSnapshots, failure.AffectedPaths);
}
