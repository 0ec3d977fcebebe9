using System.Buffers;
using Backup.Sdk.Repository;
using Backup.Sdk.Repository.Snapshots;

namespace Backup.Sdk.Volumes.Imaging;

/// <summary>
/// Restores an image snapshot onto a block volume of the same geometry (holes as zeros), and verifies a volume against an
/// image. To restore an image as a (sparse) file, restore the snapshot with <see cref="Restore.SnapshotRestorer"/>: the
/// image is an ordinary file node.
/// </summary>
public sealed class VolumeImageRestorer
{
    private const int ReadAhead = 8;
    private readonly BackupRepository _repository;

    /// <summary>Creates the command for a repository.</summary>
    /// <param name="repository">The opened repository, its index loaded.</param>
    public VolumeImageRestorer(BackupRepository repository)
    {
        ArgumentNullException.ThrowIfNull(repository);
        _repository = repository;
    }

    /// <summary>Writes every block of the image onto <paramref name="target"/>.</summary>
    /// <param name="snapshot">An image snapshot (<see cref="Snapshot.Volume"/> set).</param>
    /// <param name="target">A writable volume of the image's geometry.</param>
    /// <param name="cancellationToken">Stops the restore (blocks already written stay written).</param>
    /// <returns>The bytes written (data and zeros).</returns>
    /// <exception cref="ArgumentException">The snapshot is not an image, or the geometries differ.</exception>
    public async Task<long> RestoreAsync(Snapshot snapshot, IBlockVolume target, CancellationToken cancellationToken = default)
    {
        var blocks = await LoadBlocksAsync(snapshot, target, cancellationToken).ConfigureAwait(false);
        var blockSize = target.Geometry.BlockSize;
        var zeros = new byte[blockSize];
        await ForEachBlockAsync(blocks, async (block, data) =>
            await target.WriteAsync(block, data ?? zeros, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        await target.FlushAsync(cancellationToken).ConfigureAwait(false);
        return target.Geometry.Size;
    }

    /// <summary>Compares every block of <paramref name="volume"/> with the image.</summary>
    /// <param name="snapshot">An image snapshot.</param>
    /// <param name="volume">A volume of the image's geometry.</param>
    /// <param name="cancellationToken">Stops the comparison.</param>
    /// <returns>The blocks that differ, ascending (empty when the volume is byte-identical to the image).</returns>
    public async Task<IReadOnlyList<long>> VerifyAsync(Snapshot snapshot, IBlockVolume volume, CancellationToken cancellationToken = default)
    {
        var blocks = await LoadBlocksAsync(snapshot, volume, cancellationToken).ConfigureAwait(false);
        var blockSize = volume.Geometry.BlockSize;
        var buffer = ArrayPool<byte>.Shared.Rent(blockSize);
        var differences = new List<long>();
        try
        {
            await ForEachBlockAsync(blocks, async (block, data) =>
            {
                var actual = buffer.AsMemory(0, blockSize);
                await volume.ReadAsync(block, actual, cancellationToken).ConfigureAwait(false);
                var same = data is null ? !actual.Span.ContainsAnyExcept((byte)0) : actual.Span.SequenceEqual(data);
                if (!same)
                {
                    differences.Add(block);
                }
            }, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return differences;
    }

    private async Task<ContentId[]> LoadBlocksAsync(Snapshot snapshot, IBlockVolume volume, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(volume);
        if (snapshot.Volume is not { } image)
        {
            throw new ArgumentException($"Snapshot {snapshot.Id.ToShortString()} is not a volume image.", nameof(snapshot));
        }

        var geometry = new VolumeGeometry(image.BlockSize, image.BlockCount);
        if (geometry != volume.Geometry)
        {
            throw new ArgumentException($"The image has {image.BlockCount} blocks of {image.BlockSize} bytes; the volume {volume.Geometry.BlockCount} of {volume.Geometry.BlockSize}.", nameof(volume));
        }

        var root = await _repository.Trees.LoadAsync(snapshot.Tree, cancellationToken).ConfigureAwait(false);
        string? reason = "it has several nodes";
        var blocks = root.Nodes.Count == 1 ? ImageBlockMap.FromNode(root.Nodes[0], geometry, out reason) : null;
        return blocks ?? throw new CorruptObjectException($"tree {snapshot.Tree}", $"the image snapshot's tree is not one file node of one blob per block ({reason})");
    }

    /// <summary>Calls <paramref name="onBlock"/> for every block in order with its content (null for a hole), reading blobs ahead.</summary>
    private async Task ForEachBlockAsync(ContentId[] blocks, Func<long, byte[]?, Task> onBlock, CancellationToken cancellationToken)
    {
        var ahead = new Queue<Task<byte[]>>(ReadAhead);
        long requested = 0;
        for (long block = 0; block < blocks.Length; block++)
        {
            while (requested < blocks.Length && ahead.Count < ReadAhead)
            {
                if (!blocks[requested].IsEmpty)
                {
                    ahead.Enqueue(_repository.Blobs.ReadAsync(BlobType.Data, blocks[requested], cancellationToken));
                }

                requested++;
            }

            await onBlock(block, blocks[block].IsEmpty ? null : await ahead.Dequeue().ConfigureAwait(false)).ConfigureAwait(false);
        }
    }
}
