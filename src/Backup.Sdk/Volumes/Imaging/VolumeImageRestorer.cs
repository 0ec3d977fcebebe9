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
    private const int BatchBytes = 2 * 1024 * 1024;
    private readonly BackupRepository _repository;

    /// <summary>Creates the command for a repository.</summary>
    /// <param name="repository">The opened repository, its index loaded.</param>
    public VolumeImageRestorer(BackupRepository repository)
    {
        ArgumentNullException.ThrowIfNull(repository);
        _repository = repository;
    }

    /// <summary>
    /// Writes every block of the image onto <paramref name="target"/>: batches of blocks are read from the repository on
    /// several workers at once and written with positioned writes of whole runs. A hole (all-zero block) is written only
    /// where the target does not read zeros already, so a new sparse file or volume stays sparse.
    /// </summary>
    /// <param name="snapshot">An image snapshot (<see cref="Snapshot.Volume"/> set).</param>
    /// <param name="target">A writable volume of the image's geometry.</param>
    /// <param name="cancellationToken">Stops the restore (blocks already written stay written).</param>
    /// <returns>The bytes of the volume (data and zeros).</returns>
    /// <exception cref="ArgumentException">The snapshot is not an image, or the geometries differ.</exception>
    public async Task<long> RestoreAsync(Snapshot snapshot, IBlockVolume target, CancellationToken cancellationToken = default)
    {
        var blocks = await LoadBlocksAsync(snapshot, target, cancellationToken).ConfigureAwait(false);
        var blockSize = target.Geometry.BlockSize;
        await ForEachBatchAsync(blocks, blockSize, async (first, count, image, token) =>
        {
            for (var i = 0; i < count;)
            {
                var hole = blocks[first + i].IsEmpty;
                var run = 1;
                while (i + run < count && blocks[first + i + run].IsEmpty == hole)
                {
                    run++;
                }

                var data = image.AsMemory(i * blockSize, run * blockSize);
                if (hole)
                {
                    // The run's part of the buffer holds zeros; read what the target has there and clear it only if needed.
                    await target.ReadAsync(first + i, data, token).ConfigureAwait(false);
                    if (data.Span.IndexOfAnyExcept((byte)0) >= 0)
                    {
                        data.Span.Clear();
                        await target.WriteAsync(first + i, data, token).ConfigureAwait(false);
                    }
                }
                else
                {
                    await target.WriteAsync(first + i, data, token).ConfigureAwait(false);
                }

                i += run;
            }
        }, cancellationToken).ConfigureAwait(false);
        await target.FlushAsync(cancellationToken).ConfigureAwait(false);
        return target.Geometry.Size;
    }

    /// <summary>Compares every block of <paramref name="volume"/> with the image, several batches at once.</summary>
    /// <param name="snapshot">An image snapshot.</param>
    /// <param name="volume">A volume of the image's geometry.</param>
    /// <param name="cancellationToken">Stops the comparison.</param>
    /// <returns>The blocks that differ, ascending (empty when the volume is byte-identical to the image).</returns>
    public async Task<IReadOnlyList<long>> VerifyAsync(Snapshot snapshot, IBlockVolume volume, CancellationToken cancellationToken = default)
    {
        var blocks = await LoadBlocksAsync(snapshot, volume, cancellationToken).ConfigureAwait(false);
        var blockSize = volume.Geometry.BlockSize;
        var differences = new List<long>();
        await ForEachBatchAsync(blocks, blockSize, async (first, count, image, token) =>
        {
            var actual = ArrayPool<byte>.Shared.Rent(count * blockSize);
            try
            {
                await volume.ReadAsync(first, actual.AsMemory(0, count * blockSize), token).ConfigureAwait(false);
                for (var i = 0; i < count; i++)
                {
                    if (!actual.AsSpan(i * blockSize, blockSize).SequenceEqual(image.AsSpan(i * blockSize, blockSize)))
                    {
                        lock (differences)
                        {
                            differences.Add(first + i);
                        }
                    }
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(actual);
            }
        }, cancellationToken).ConfigureAwait(false);
        differences.Sort();
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

    /// <summary>
    /// Calls <paramref name="onBatch"/> for every batch of up to 2 MiB of blocks with the image's bytes of those blocks
    /// (holes as zeros) in a pooled buffer, one more batch at once than there are cores: memory stays bounded.
    /// </summary>
    private async Task ForEachBatchAsync(ContentId[] blocks, int blockSize, Func<long, int, byte[], CancellationToken, Task> onBatch, CancellationToken cancellationToken)
    {
        var batchBlocks = Math.Max(1, BatchBytes / blockSize);
        var batches = (blocks.Length + batchBlocks - 1) / batchBlocks;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(2, Environment.ProcessorCount) + 1, CancellationToken = cancellationToken };
        await Parallel.ForAsync(0L, batches, parallel, async (batch, token) =>
        {
            var first = batch * batchBlocks;
            var count = (int)Math.Min(batchBlocks, blocks.Length - first);
            var image = ArrayPool<byte>.Shared.Rent(count * blockSize);
            try
            {
                for (var i = 0; i < count; i++)
                {
                    if (blocks[first + i].IsEmpty)
                    {
                        image.AsSpan(i * blockSize, blockSize).Clear();
                        continue;
                    }

                    using var blob = await _repository.Blobs.ReadRentedAsync(BlobType.Data, blocks[first + i], token).ConfigureAwait(false);
                    if (blob.Length != blockSize)
                    {
                        throw new CorruptObjectException($"data blob {blocks[first + i]}", $"block {first + i} of the image is {blob.Length} bytes, not {blockSize}");
                    }

                    blob.Memory.Span.CopyTo(image.AsSpan(i * blockSize, blockSize));
                }

                await onBatch(first, count, image, token).ConfigureAwait(false);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(image);
            }
        }).ConfigureAwait(false);
    }
}
