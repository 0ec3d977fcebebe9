using System.CommandLine;
using Backup.Sdk.Restore;

namespace Backup.Cli.Commands;

/// <summary>
/// <c>backup dump &lt;snapshot&gt; &lt;path&gt; [--output &lt;file&gt;]</c>: writes one file's content, or a directory as a tar
/// stream with its metadata, to stdout (or to a file). Entries left out of a tar stream are listed on stderr and exit 1.
/// </summary>
internal static class DumpCommand
{
    public static Command Create(CliHost host)
    {
        var snapshot = new Argument<string>("snapshot") { Description = "The snapshot: a full id, a unique prefix of 8 or more hex characters, or 'latest'." };
        var path = new Argument<string>("path") { Description = "The absolute path inside the snapshot: a file (its content) or a directory (a tar stream); '/' for everything." };
        var output = new Option<string>("--output", "-o") { Description = "Write to this file instead of stdout (created or replaced)." };
        var command = new Command("dump", "Write a file of a snapshot to stdout, or a directory as a tar stream.") { snapshot, path, output };
        command.SetCliAction(host, async (context, parseResult, cancellationToken) =>
        {
            if (!OperatingSystem.IsLinux())
            {
                throw new CliUsageException("dump runs on Linux only in this version.");
            }

            await using var repository = await context.OpenRepositoryAsync(cancellationToken).ConfigureAwait(false);
            await repository.Blobs.LoadIndexAsync(cancellationToken).ConfigureAwait(false);
            var loaded = await SnapshotArgument.LoadAsync(repository, parseResult.GetValue(snapshot)!, cancellationToken).ConfigureAwait(false);
            var file = parseResult.GetValue(output);
            DumpResult result;
            try
            {
                await using var destination = OpenDestination(context, file);
                result = await new SnapshotDumper(repository).DumpAsync(loaded, parseResult.GetValue(path)!, destination, cancellationToken).ConfigureAwait(false);
                await destination.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (ArgumentException ex)
            {
                throw new CliUsageException(SnapshotArgument.UsageMessage(ex), ex);
            }

            foreach (var issue in result.Skipped)
            {
                context.WriteWarning($"{issue.Path}: {issue.Reason}");
            }

            context.WriteVerbose($"dumped {result.Entries} entries, {result.ContentBytes} bytes of content");
            return result.Skipped.Count > 0 ? ExitCodes.Failure : ExitCodes.Success;
        });
        return command;
    }

    /// <summary>
    /// The file asked for, else the process's real stdout as bytes. A run whose stdout is not the console (an in-process
    /// host writing to a <see cref="TextWriter"/>) has no byte stream to give, so it must name a file.
    /// </summary>
    private static Stream OpenDestination(CliContext context, string? file)
    {
        if (file is not null)
        {
            return new FileStream(Path.GetFullPath(file), FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous);
        }

        if (!ReferenceEquals(context.Out, Console.Out))
        {
            throw new CliUsageException("dump writes bytes: give --output <file> when stdout is not the process's own.");
        }

        context.Out.Flush();
        return Console.OpenStandardOutput();
    }
}
