using System.CommandLine;
using System.Globalization;
using Backup.Sdk.Repository.Snapshots;

namespace Backup.Cli.Commands;

/// <summary><c>backup diff &lt;snapshot1&gt; &lt;snapshot2&gt;</c>: the paths added, removed and modified from the first snapshot to the second.</summary>
internal static class DiffCommand
{
    public static Command Create(CliHost host)
    {
        var older = new Argument<string>("snapshot1") { Description = "The snapshot to compare from (id, unique prefix of 8+ hex characters, or 'latest')." };
        var newer = new Argument<string>("snapshot2") { Description = "The snapshot to compare to." };
        var command = new Command("diff", "List the paths added, removed and modified (content, metadata or both) between two snapshots.") { older, newer };
        command.SetCliAction(host, async (context, parseResult, cancellationToken) =>
        {
            var repository = await context.OpenRepositoryAsync(cancellationToken).ConfigureAwait(false);
            await using (repository.ConfigureAwait(false))
            {
                var from = await SnapshotArgument.LoadAsync(repository, parseResult.GetRequiredValue(older), cancellationToken).ConfigureAwait(false);
                var to = await SnapshotArgument.LoadAsync(repository, parseResult.GetRequiredValue(newer), cancellationToken).ConfigureAwait(false);
                await repository.Blobs.LoadIndexAsync(cancellationToken).ConfigureAwait(false);
                var differences = await new SnapshotDiff(repository.Trees).CompareAsync(from, to, cancellationToken).ConfigureAwait(false);
                context.WriteResult(DiffDocument.From(differences), CliJsonContext.Default.DiffDocument, WriteText);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static void WriteText(TextWriter writer, DiffDocument document)
    {
        foreach (var entry in document.Removed)
        {
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"-  {entry.Path}{Slash(entry)} ({entry.Size} bytes)"));
        }

        foreach (var entry in document.Added)
        {
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"+  {entry.Path}{Slash(entry)} ({entry.Size} bytes)"));
        }

        foreach (var entry in document.Modified)
        {
            var size = entry.PreviousSize == entry.Size
                ? string.Create(CultureInfo.InvariantCulture, $"{entry.Size} bytes")
                : string.Create(CultureInfo.InvariantCulture, $"{entry.PreviousSize} -> {entry.Size} bytes");
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"M  {entry.Path}{Slash(entry)} ({entry.Change}; {size})"));
        }

        writer.WriteLine($"{document.Added.Count} added, {document.Removed.Count} removed, {document.Modified.Count} modified");
    }

    private static string Slash(DiffEntryDocument entry) => entry.Type == "dir" ? "/" : "";
}

/// <summary>The result of <c>diff --json</c>: the paths added, removed and modified, each list depth first in name order.</summary>
internal sealed record DiffDocument(IReadOnlyList<DiffEntryDocument> Added, IReadOnlyList<DiffEntryDocument> Removed, IReadOnlyList<DiffEntryDocument> Modified)
{
    public static DiffDocument From(SnapshotDifferences differences) => new(
        [.. differences.Added.Select(DiffEntryDocument.From)],
        [.. differences.Removed.Select(DiffEntryDocument.From)],
        [.. differences.Modified.Select(DiffEntryDocument.From)]);
}

/// <summary>One path of <c>diff --json</c>.</summary>
/// <param name="Path">The absolute path inside the snapshots; bytes that are not UTF-8 as <c>\xNN</c>.</param>
/// <param name="Type"><c>file</c>, <c>dir</c>, <c>symlink</c>, <c>dev</c>, <c>chardev</c>, <c>fifo</c> or <c>socket</c>.</param>
/// <param name="Size">The size in the second snapshot (the first one's for a removed path).</param>
/// <param name="PreviousSize">Modified paths only: the size in the first snapshot.</param>
/// <param name="Change">Modified paths only: <c>content</c>, <c>metadata</c> or <c>both</c>.</param>
internal sealed record DiffEntryDocument(string Path, string Type, long Size, long? PreviousSize, string? Change)
{
    public static DiffEntryDocument From(SnapshotDiffEntry entry) => new(
        entry.Path,
        UnixModeText.TypeName(entry.Type),
        entry.Size,
        entry.PreviousSize,
        entry.Change switch
        {
            SnapshotEntryChange.None => null,
            SnapshotEntryChange.Content => "content",
            SnapshotEntryChange.Metadata => "metadata",
            _ => "both",
        });
}
