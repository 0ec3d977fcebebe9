using System.CommandLine;
using System.Globalization;
using Backup.Sdk.Copies;
using Backup.Sdk.Repository;
using Backup.Sdk.Repository.Snapshots;

namespace Backup.Cli.Commands;

/// <summary>
/// <c>backup copy --from-repo &lt;location&gt; [&lt;snapshot&gt;...]</c>: copies snapshots (all, or those named, optionally
/// only those of <c>--host</c>/<c>--tag</c>) from another repository into <c>--repo</c>, storing only what it lacks.
/// </summary>
internal static class CopyCommand
{
    /// <summary>The variable holding the source repository's password.</summary>
    public const string FromPasswordVariable = "BACKUP_FROM_PASSWORD";

    public static Command Create(CliHost host)
    {
        var from = new Option<string>("--from-repo") { Description = "The repository to copy from (a directory, s3:… or azure:…).", Required = true, HelpName = "location" };
        var fromPasswordFile = new Option<string>("--from-password-file") { Description = $"A file whose first line is the source repository's password (else ${FromPasswordVariable}, else the destination's password).", HelpName = "file" };
        var hosts = new Option<string[]>("--host") { Description = "Only snapshots of this host (repeat for several hosts).", HelpName = "hostname" };
        var tags = new Option<string[]>("--tag") { Description = "Only snapshots with this tag; a comma-separated list requires all its tags, repeating --tag accepts any of the lists.", HelpName = "tag[,tag...]" };
        var snapshots = new Argument<string[]>("snapshot") { Description = "Source snapshots to copy (ids, prefixes or latest); all when none is given.", Arity = ArgumentArity.ZeroOrMore };
        var command = new Command("copy", "Copy snapshots from another repository into this one, storing only the data it lacks.") { from, fromPasswordFile, hosts, tags, snapshots };
        command.SetCliAction(host, async (context, parseResult, cancellationToken) =>
        {
            await using var destination = await context.OpenRepositoryAsync(cancellationToken).ConfigureAwait(false);
            await using var source = await OtherRepository.OpenAsync(context, parseResult.GetValue(from)!, parseResult.GetValue(fromPasswordFile), FromPasswordVariable, "source", cancellationToken).ConfigureAwait(false);
            var selected = await SelectAsync(source, parseResult.GetValue(snapshots) ?? [], parseResult.GetValue(hosts) ?? [], parseResult.GetValue(tags) ?? [], cancellationToken).ConfigureAwait(false);
            var result = await new SnapshotCopier().CopyAsync(source, destination, selected, cancellationToken: cancellationToken).ConfigureAwait(false);
            var document = CopyDocument.From(result);
            context.WriteResult(document, CliJsonContext.Default.CopyDocument, WriteText);
            return ExitCodes.Success;
        });
        return command;
    }

    private static async Task<IReadOnlyList<ContentId>?> SelectAsync(BackupRepository source, string[] named, string[] hosts, string[] tags, CancellationToken cancellationToken)
    {
        if (named.Length == 0 && hosts.Length == 0 && tags.Length == 0)
        {
            return null;
        }

        var tagLists = tags.Select(t => t.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Where(l => l.Length > 0).ToList();
        bool Matches(Snapshot s) =>
            (hosts.Length == 0 || hosts.Contains(s.Hostname, StringComparer.Ordinal))
            && (tagLists.Count == 0 || tagLists.Exists(list => list.All(tag => s.Tags.Contains(tag, StringComparer.Ordinal))));

        if (named.Length == 0)
        {
            var all = await source.Snapshots.ListAsync(cancellationToken).ConfigureAwait(false);
            return [.. all.Where(Matches).Select(s => s.Id)];
        }

        var ids = new List<ContentId>();
        foreach (var text in named)
        {
            var snapshot = await SnapshotArgument.LoadAsync(source, text, cancellationToken).ConfigureAwait(false);
            if (Matches(snapshot))
            {
                ids.Add(snapshot.Id);
            }
        }

        return ids;
    }

    private static void WriteText(TextWriter output, CopyDocument document)
    {
        foreach (var copied in document.Copied)
        {
            output.WriteLine($"copied {copied.Source[..8]} as {copied.Destination[..8]}");
        }

        foreach (var skipped in document.Skipped)
        {
            output.WriteLine($"skipped {skipped.Source[..8]}: already copied as {skipped.Destination[..8]}");
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{document.Copied.Count} copied, {document.Skipped.Count} already there; {document.BlobsCopied} blobs ({document.BytesCopied} bytes) stored, {document.BlobsSkipped} blobs ({document.BytesSkipped} bytes) already there, {document.Reused} reused from earlier copies"));
    }
}

/// <summary>The result of <c>copy --json</c>.</summary>
internal sealed record CopyDocument(
    IReadOnlyList<CopiedSnapshotDocument> Copied,
    IReadOnlyList<CopiedSnapshotDocument> Skipped,
    long BlobsCopied,
    long BytesCopied,
    long BlobsSkipped,
    long BytesSkipped,
    long Reused)
{
    public static CopyDocument From(SnapshotCopyResult result) => new(
        [.. result.Copied.Select(CopiedSnapshotDocument.From)],
        [.. result.Skipped.Select(CopiedSnapshotDocument.From)],
        result.Counters.BlobsCopied,
        result.Counters.BytesCopied,
        result.Counters.BlobsSkipped,
        result.Counters.BytesSkipped,
        result.Counters.Reused);
}

/// <summary>A source snapshot id and its copy's id.</summary>
internal sealed record CopiedSnapshotDocument(string Source, string Destination)
{
    public static CopiedSnapshotDocument From(CopiedSnapshot snapshot) => new(snapshot.Source.ToString(), snapshot.Destination.ToString());
}
