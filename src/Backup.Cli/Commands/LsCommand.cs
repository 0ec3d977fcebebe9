using System.CommandLine;
using System.Globalization;
using Backup.Sdk.Repository.Trees;
using Backup.Sdk.Sources.FileSystem;

namespace Backup.Cli.Commands;

/// <summary><c>backup ls &lt;snapshot&gt; [&lt;path&gt;]</c>: lists a snapshot's entries, recursively, one per line.</summary>
internal static class LsCommand
{
    public static Command Create(CliHost host)
    {
        var snapshot = new Argument<string>("snapshot") { Description = "A snapshot id, a unique prefix of at least 8 hex characters, or 'latest'." };
        var path = new Argument<string?>("path")
        {
            Description = "List only this path and what is below it (absolute inside the snapshot, e.g. /data/x).",
            Arity = ArgumentArity.ZeroOrOne,
        };

        var command = new Command("ls", "List the files and directories of a snapshot.") { snapshot, path };
        command.SetCliAction(host, async (context, parseResult, cancellationToken) =>
        {
            var repository = await context.OpenRepositoryAsync(cancellationToken).ConfigureAwait(false);
            await using (repository.ConfigureAwait(false))
            {
                var found = await SnapshotArgument.LoadAsync(repository, parseResult.GetRequiredValue(snapshot), cancellationToken).ConfigureAwait(false);
                await repository.Blobs.LoadIndexAsync(cancellationToken).ConfigureAwait(false);
                var listing = new SnapshotTreeListing(repository.Trees, context.WriteWarning);
                var entries = new List<LsEntry>();
                await listing.ListAsync(
                    found.Tree,
                    parseResult.GetValue(path),
                    (entryPath, node) =>
                    {
                        var entry = LsEntry.From(entryPath, node);
                        if (context.Json)
                        {
                            entries.Add(entry);
                        }
                        else
                        {
                            // Text streams as the trees are read, so that large snapshots print at once.
                            WriteLine(context.Out, entry);
                        }
                    },
                    cancellationToken).ConfigureAwait(false);

                if (context.Json)
                {
                    context.JsonOutput.Write(entries, CliJsonContext.Default.ListLsEntry);
                }
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static void WriteLine(TextWriter writer, LsEntry entry)
    {
        var mtime = TimeZoneInfo.ConvertTime(entry.Mtime, TimeZoneInfo.Local).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        var line = string.Create(CultureInfo.InvariantCulture, $"{entry.Permissions} {entry.Size,12} {mtime} {entry.Path}");
        writer.WriteLine(entry.LinkTarget is null ? line : $"{line} -> {entry.LinkTarget}");
    }
}

/// <summary>One entry as <c>ls --json</c> prints it.</summary>
/// <param name="Path">The absolute path inside the snapshot; bytes that are not UTF-8 as <c>\xNN</c>.</param>
/// <param name="Type"><c>file</c>, <c>dir</c>, <c>symlink</c>, <c>dev</c>, <c>chardev</c>, <c>fifo</c> or <c>socket</c>.</param>
/// <param name="Size">The logical size in bytes.</param>
/// <param name="Mode">The stored <c>st_mode</c> (type and permission bits).</param>
/// <param name="Permissions">The mode as <c>ls -l</c> shows it, e.g. <c>-rw-r--r--</c>.</param>
/// <param name="Uid">The owner's user id.</param>
/// <param name="Gid">The owner's group id.</param>
/// <param name="User">The owner's user name, where known.</param>
/// <param name="Group">The owner's group name, where known.</param>
/// <param name="Mtime">The modification time (UTC).</param>
/// <param name="LinkTarget">For symlinks, the target.</param>
internal sealed record LsEntry(string Path, string Type, long Size, uint Mode, string Permissions, uint Uid, uint Gid, string? User, string? Group, DateTimeOffset Mtime, string? LinkTarget)
{
    public static LsEntry From(byte[] path, TreeNode node) => new(
        UnixPath.ToDisplayString(path),
        UnixModeText.TypeName(node.Type),
        node.Size,
        node.Mode,
        UnixModeText.Format(node.Type, node.Mode),
        node.Uid,
        node.Gid,
        node.User,
        node.Group,
        DateTimeOffset.UnixEpoch.AddTicks(node.ModificationTimeNs / 100),
        node.Type != NodeType.Symlink ? null : node.LinkTarget ?? (node.LinkTargetBytes is { } bytes ? UnixPath.ToDisplayString(bytes) : ""));
}
