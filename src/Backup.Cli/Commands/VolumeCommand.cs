using System.CommandLine;
using System.Globalization;
using Backup.Sdk.Volumes;

namespace Backup.Cli.Commands;

/// <summary>
/// <c>backup volume create|write|snapshot|snapshots|delete-snapshot|export</c>: block volumes with copy-on-write or
/// redirect-on-write snapshots (docs/guides/volumes.md). A volume is a directory; these verbs need no repository.
/// </summary>
internal static partial class VolumeCommand
{
    public static Command Create(CliHost host)
    {
        var command = new Command("volume", "Create and write block volumes, take and list their snapshots, export images.");
        command.Subcommands.Add(CreateCreate(host));
        command.Subcommands.Add(CreateWrite(host));
        command.Subcommands.Add(CreateSnapshot(host));
        command.Subcommands.Add(CreateSnapshots(host));
        command.Subcommands.Add(CreateDeleteSnapshot(host));
        command.Subcommands.Add(CreateExport(host));
        return command;
    }

    private static Argument<string> PathArgument() => new("path") { Description = "The volume: a directory made by 'volume create'." };

    private static Command CreateCreate(CliHost host)
    {
        var path = PathArgument();
        var size = new Option<string>("--size") { Description = "The size in bytes (suffixes K, M, G for KiB, MiB, GiB); a multiple of the block size.", Required = true };
        var blockSize = new Option<string?>("--block-size") { Description = "The block size in bytes, a power of two from 512 to 16M (default 64K)." };
        var provider = new Option<string>("--provider") { Description = "cow (copy-on-write) or row (redirect-on-write).", Required = true };
        provider.AcceptOnlyFromAmong("cow", "row");
        var command = new Command("create", "Create a volume (all zeros) with a snapshot provider.") { path, size, blockSize, provider };
        command.SetCliAction(host, async (context, parseResult, cancellationToken) =>
        {
            var bytes = ParseBytes(parseResult.GetValue(size)!, "--size");
            var block = parseResult.GetValue(blockSize) is { } text ? (int)ParseBytes(text, "--block-size") : VolumeGeometry.DefaultBlockSize;
            var kind = parseResult.GetValue(provider) == "row" ? SnapshotProviderKind.RedirectOnWrite : SnapshotProviderKind.CopyOnWrite;
            await using var volume = new SnapshotVolumeFactory().Create(parseResult.GetValue(path)!, VolumeGeometry.FromSize(bytes, block), kind);
            var geometry = volume.Volume.Geometry;
            var document = new VolumeDocument(Path.GetFullPath(parseResult.GetValue(path)!), parseResult.GetValue(provider)!, geometry.Size, geometry.BlockSize, geometry.BlockCount);
            context.WriteResult(document, CliJsonContext.Default.VolumeDocument, static (writer, d) =>
                writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"created {d.Provider} volume {d.Path}: {d.Size} bytes, {d.BlockCount} blocks of {d.BlockSize}")));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command CreateSnapshot(CliHost host)
    {
        var path = PathArgument();
        var name = new Argument<string>("name") { Description = "The new snapshot's name (letters, digits, '.', '_', '-')." };
        var command = new Command("snapshot", "Take a snapshot of the live volume.") { path, name };
        command.SetCliAction(host, async (context, parseResult, cancellationToken) =>
        {
            await using var volume = new SnapshotVolumeFactory().Open(parseResult.GetValue(path)!);
            var info = await volume.CreateSnapshotAsync(parseResult.GetValue(name)!, cancellationToken).ConfigureAwait(false);
            context.WriteResult(VolumeSnapshotDocument.From(info), CliJsonContext.Default.VolumeSnapshotDocument, static (writer, d) => writer.WriteLine($"snapshot {d.Name} taken"));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command CreateSnapshots(CliHost host)
    {
        var path = PathArgument();
        var command = new Command("snapshots", "List the volume's snapshots, oldest first.") { path };
        command.SetCliAction(host, async (context, parseResult, cancellationToken) =>
        {
            await using var volume = new SnapshotVolumeFactory().Open(parseResult.GetValue(path)!);
            List<VolumeSnapshotDocument> documents = [.. volume.ListSnapshots().Select(VolumeSnapshotDocument.From)];
            context.WriteResult(documents, CliJsonContext.Default.ListVolumeSnapshotDocument, static (writer, list) =>
            {
                foreach (var d in list)
                {
                    writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{d.Name}\t{d.Created:yyyy-MM-dd HH:mm:ss zzz}\t{d.BlocksHeld} blocks held"));
                }
            });
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command CreateDeleteSnapshot(CliHost host)
    {
        var path = PathArgument();
        var name = new Argument<string>("name") { Description = "The snapshot to delete." };
        var command = new Command("delete-snapshot", "Delete a snapshot, freeing the blocks only it held.") { path, name };
        command.SetCliAction(host, async (context, parseResult, cancellationToken) =>
        {
            await using var volume = new SnapshotVolumeFactory().Open(parseResult.GetValue(path)!);
            await volume.DeleteSnapshotAsync(parseResult.GetValue(name)!, cancellationToken).ConfigureAwait(false);
            context.WriteMessage($"snapshot {parseResult.GetValue(name)} deleted");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command CreateExport(CliHost host)
    {
        var path = PathArgument();
        var snapshot = new Option<string?>("--snapshot") { Description = "Export this snapshot instead of the live volume." };
        var output = new Option<string>("--output") { Description = "The image file to write (sparse where the volume is zeros).", Required = true };
        var command = new Command("export", "Write the live volume or a snapshot as a plain image file.") { path, snapshot, output };
        command.SetCliAction(host, async (context, parseResult, cancellationToken) =>
        {
            await using var volume = new SnapshotVolumeFactory().Open(parseResult.GetValue(path)!);
            var name = parseResult.GetValue(snapshot);
            var source = name is null ? volume.Volume : volume.OpenSnapshot(name);
            try
            {
                var written = await VolumeExport.ToFileAsync(source, parseResult.GetValue(output)!, cancellationToken).ConfigureAwait(false);
                context.WriteMessage(string.Create(CultureInfo.InvariantCulture, $"exported {source.Geometry.Size} bytes ({written} of data) to {parseResult.GetValue(output)}"));
            }
            finally
            {
                if (name is not null)
                {
                    await source.DisposeAsync().ConfigureAwait(false);
                }
            }

            return ExitCodes.Success;
        });
        return command;
    }

    internal static long ParseBytes(string text, string option)
    {
        var multiplier = 1L;
        var digits = text.Trim();
        if (digits.Length > 0 && char.ToUpperInvariant(digits[^1]) is 'K' or 'M' or 'G' or 'T')
        {
            multiplier = char.ToUpperInvariant(digits[^1]) switch { 'K' => 1L << 10, 'M' => 1L << 20, 'G' => 1L << 30, _ => 1L << 40 };
            digits = digits[..^1];
        }

        return long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0 && value <= long.MaxValue / multiplier
            ? value * multiplier
            : throw new CliUsageException($"{option} '{text}' is not a positive number of bytes (suffixes K, M, G, T allowed).");
    }
}

/// <summary>A volume, as printed by <c>volume create --json</c>.</summary>
internal sealed record VolumeDocument(string Path, string Provider, long Size, int BlockSize, long BlockCount);

/// <summary>A volume snapshot, as printed by <c>volume snapshot|snapshots --json</c>.</summary>
internal sealed record VolumeSnapshotDocument(string Name, long Sequence, DateTimeOffset Created, long BlocksHeld)
{
    public static VolumeSnapshotDocument From(VolumeSnapshotInfo info) => new(info.Name, info.Sequence, info.Created, info.BlocksHeld);
}
