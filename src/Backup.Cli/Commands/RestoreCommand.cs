using System.CommandLine;
using System.Globalization;
using System.Text.Json.Serialization;
using Backup.Sdk.Restore;

namespace Backup.Cli.Commands;

/// <summary>
/// <c>backup restore &lt;snapshot&gt; --target &lt;dir&gt; [--include &lt;glob&gt;]... [--exclude &lt;glob&gt;]... [--verify]</c>:
/// restores a snapshot (a full id, a unique prefix of 8 or more hex characters, or <c>latest</c>) below a directory.
/// Exits 1 when any entry was skipped (refused for safety or failed) or verification found a difference.
/// </summary>
internal static class RestoreCommand
{
    public static Command Create(CliHost host)
    {
        var snapshot = new Argument<string>("snapshot")
        {
            Description = "The snapshot: a full id, a unique prefix of 8 or more hex characters, or 'latest'; '<snapshot>:<path>' restores only that path (a directory's contents into the target, a file as the target itself).",
        };
        var target = new Option<string>("--target") { Description = "The directory to restore into (created if missing); a backup of /data/x lands in <target>/data/x.", Required = true };
        var include = new Option<string[]>("--include") { Description = "Restore only paths matching this glob (absolute inside the snapshot, e.g. /data/x/*.txt); repeatable." };
        var exclude = new Option<string[]>("--exclude") { Description = "Do not restore paths matching this glob; repeatable; wins over --include." };
        var verify = new Option<bool>("--verify") { Description = "Re-read everything restored and compare it with the snapshot." };
        var resume = new Option<bool>("--resume") { Description = "Continue an interrupted restore: keep files already in the target whose content matches the snapshot (checked by content hash), write the rest." };
        var command = new Command("restore", "Restore a snapshot, or part of it, into a directory.") { snapshot, target, include, exclude, verify, resume };
        command.SetCliAction(host, async (context, parseResult, cancellationToken) =>
        {
            if (!OperatingSystem.IsLinux())
            {
                throw new CliUsageException("restore runs on Linux only in this version.");
            }

            var (snapshotText, sourcePath) = SplitSource(parseResult.GetValue(snapshot)!);
            var options = new RestoreOptions { Target = parseResult.GetValue(target)!, Verify = parseResult.GetValue(verify), Resume = parseResult.GetValue(resume), SourcePath = sourcePath };
            foreach (var pattern in parseResult.GetValue(include) ?? [])
            {
                options.Includes.Add(pattern);
            }

            foreach (var pattern in parseResult.GetValue(exclude) ?? [])
            {
                options.Excludes.Add(pattern);
            }

            options.Validate();
            await using var repository = await context.OpenRepositoryAsync(cancellationToken).ConfigureAwait(false);
            await repository.Blobs.LoadIndexAsync(cancellationToken).ConfigureAwait(false);
            var id = await repository.Snapshots.ResolveAsync(snapshotText, cancellationToken: cancellationToken).ConfigureAwait(false);
            var loaded = await repository.Snapshots.LoadAsync(id, cancellationToken).ConfigureAwait(false);
            var result = await new SnapshotRestorer(repository).RestoreAsync(loaded, options, cancellationToken: cancellationToken).ConfigureAwait(false);

            foreach (var issue in result.Skipped)
            {
                context.WriteWarning($"skipped {issue.Path}: {issue.Reason}");
            }

            foreach (var mismatch in result.Verified?.Mismatches ?? [])
            {
                context.WriteWarning($"verify: {mismatch.Path}: {mismatch.Reason}");
            }

            context.WriteResult(RestoreDocument.From(id.ToString(), options.Target, result), CliJsonContext.Default.RestoreDocument, WriteText);
            return result.Skipped.Count > 0 || result.Verified is { Succeeded: false } ? ExitCodes.Failure : ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Splits <c>&lt;snapshot&gt;:&lt;path&gt;</c>; snapshot ids and <c>latest</c> hold no colon, so the first one separates.</summary>
    private static (string Snapshot, string? Path) SplitSource(string text)
    {
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? (text, null) : (text[..colon], text[(colon + 1)..]);
    }

    private static void WriteText(TextWriter writer, RestoreDocument document)
    {
        var c = CultureInfo.InvariantCulture;
        writer.WriteLine(string.Create(c, $"Restored snapshot {document.SnapshotId[..8]} to {document.Target}: {document.FilesRestored} files, {document.DirsRestored} directories, {document.BytesWritten} bytes in {document.DurationSeconds:F1} s."));
        if (document.FilesAlreadyRestored > 0)
        {
            writer.WriteLine(string.Create(c, $"{document.FilesAlreadyRestored} files were already restored correctly and kept."));
        }

        if (document.Skipped.Count > 0)
        {
            writer.WriteLine(string.Create(c, $"{document.Skipped.Count} entries skipped (listed on stderr)."));
        }

        if (document.Verify is { } verify)
        {
            writer.WriteLine(verify.Mismatches.Count == 0
                ? string.Create(c, $"Verified {verify.FilesChecked} files ({verify.BytesChecked} bytes): no differences.")
                : string.Create(c, $"Verification found {verify.Mismatches.Count} differences (listed on stderr)."));
        }
    }
}

/// <summary>The result of <c>restore</c>, as printed with <c>--json</c>.</summary>
internal sealed record RestoreDocument(
    string SnapshotId,
    string Target,
    long FilesRestored,
    long DirsRestored,
    long SymlinksRestored,
    long HardLinksRestored,
    long SpecialFilesRestored,
    long BytesWritten,
    double DurationSeconds,
    IReadOnlyList<RestoreIssueDocument> Skipped,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] RestoreVerifyDocument? Verify,
    long FilesAlreadyRestored)
{
    public static RestoreDocument From(string snapshotId, string target, RestoreResult result) => new(
        snapshotId,
        target,
        result.FilesRestored,
        result.DirectoriesRestored,
        result.SymlinksRestored,
        result.HardLinksRestored,
        result.SpecialFilesRestored,
        result.BytesWritten,
        result.Duration.TotalSeconds,
        [.. result.Skipped.Select(s => new RestoreIssueDocument(s.Path, s.Reason))],
        result.Verified is { } v
            ? new RestoreVerifyDocument(v.Succeeded, v.EntriesChecked, v.FilesChecked, v.BytesChecked, [.. v.Mismatches.Select(m => new RestoreIssueDocument(m.Path, m.Reason))])
            : null,
        result.FilesAlreadyRestored);
}

/// <summary>An entry skipped or found different.</summary>
internal sealed record RestoreIssueDocument(string Path, string Reason);

/// <summary>The verification part of <see cref="RestoreDocument"/>.</summary>
internal sealed record RestoreVerifyDocument(bool Succeeded, long EntriesChecked, long FilesChecked, long BytesChecked, IReadOnlyList<RestoreIssueDocument> Mismatches);
