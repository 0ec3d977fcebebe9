using System.Buffers;
using System.CommandLine;
using System.Globalization;
using Backup.Sdk.Volumes;

namespace Backup.Cli.Commands;

/// <summary><c>backup volume write &lt;path&gt; --offset &lt;bytes&gt; --input &lt;file&gt;</c>: the file's bytes into the live volume.</summary>
internal static partial class VolumeCommand
{
    private const int WritePieceBytes = 1024 * 1024;

    private static Command CreateWrite(CliHost host)
    {
        var path = PathArgument();
        var offset = new Option<string>("--offset") { Description = "Where to write, in bytes from the start of the volume (suffixes K, M, G).", DefaultValueFactory = _ => "0" };
        var input = new Option<string>("--input") { Description = "The file whose bytes are written.", Required = true };
        var command = new Command("write", "Write a file's bytes into the live volume at an offset.") { path, offset, input };
        command.SetCliAction(host, async (context, parseResult, cancellationToken) =>
        {
            var at = parseResult.GetValue(offset) is "0" ? 0 : ParseBytes(parseResult.GetValue(offset)!, "--offset");
            await using var volume = new SnapshotVolumeFactory().Open(parseResult.GetValue(path)!);
            await using var source = new FileStream(parseResult.GetValue(input)!, FileMode.Open, FileAccess.Read, FileShare.Read, 0, FileOptions.SequentialScan);
            if (at > volume.Volume.Geometry.Size - source.Length)
            {
                throw new CliUsageException($"{source.Length} bytes at offset {at} reach past the end of the volume ({volume.Volume.Geometry.Size} bytes).");
            }

            await WriteBytesAsync(volume.Volume, at, source, cancellationToken).ConfigureAwait(false);
            await volume.Volume.FlushAsync(cancellationToken).ConfigureAwait(false);
            context.WriteMessage(string.Create(CultureInfo.InvariantCulture, $"wrote {source.Length} bytes at offset {at}"));
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Writes a stream at a byte offset: whole blocks go straight through, a partial first or last block is read, patched and written back.</summary>
    internal static async Task WriteBytesAsync(IBlockVolume volume, long offset, Stream source, CancellationToken cancellationToken)
    {
        var blockSize = volume.Geometry.BlockSize;
        var pieceBlocks = Math.Max(1, WritePieceBytes / blockSize);
        var buffer = ArrayPool<byte>.Shared.Rent(pieceBlocks * blockSize);
        try
        {
            var end = offset + source.Length;
            var position = offset;
            while (position < end)
            {
                var firstBlock = position / blockSize;
                var lastBlock = Math.Min((end - 1) / blockSize, firstBlock + pieceBlocks - 1);
                var blocks = (int)(lastBlock - firstBlock + 1);
                var pieceStart = firstBlock * blockSize;
                var pieceEnd = Math.Min(end, (lastBlock + 1) * blockSize);
                var memory = buffer.AsMemory(0, blocks * blockSize);
                if (position != pieceStart || pieceEnd != (lastBlock + 1) * blockSize)
                {
                    await volume.ReadAsync(firstBlock, memory, cancellationToken).ConfigureAwait(false);
                }

                await source.ReadExactlyAsync(memory[(int)(position - pieceStart)..(int)(pieceEnd - pieceStart)], cancellationToken).ConfigureAwait(false);
                await volume.WriteAsync(firstBlock, memory, cancellationToken).ConfigureAwait(false);
                position = pieceEnd;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
