using System.Buffers;

namespace Backup.Sdk.Volumes.CopyOnWrite;

/// <summary>The live volume and the snapshot volumes of a <see cref="CopyOnWriteVolume"/>.</summary>
public sealed partial class CopyOnWriteVolume
{
    /// <summary>Writes and snapshot reads are split into pieces of at most this many bytes, each under its block locks.</summary>
    private const int PieceBytes = 1024 * 1024;

    private int PieceBlocks => Math.Max(1, PieceBytes / _directory.Geometry.BlockSize);

    private async ValueTask WriteLiveAsync(long firstBlock, ReadOnlyMemory<byte> source, CancellationToken cancellationToken)
    {
        var geometry = _directory.Geometry;
        var count = geometry.CheckRange(firstBlock, source.Length);
        for (long done = 0; done < count;)
        {
            var n = (int)Math.Min(PieceBlocks, count - done);
            var block = firstBlock + done;
            using (await _stripes.AcquireAsync(block, n, cancellationToken).ConfigureAwait(false))
            {
                var snapshots = _snapshots;
                if (snapshots.Length > 0)
                {
                    await PreserveOriginalsAsync(snapshots[^1], block, n, cancellationToken).ConfigureAwait(false);
                }

                var bytes = source.Slice((int)(done * geometry.BlockSize), n * geometry.BlockSize);
                await RandomAccess.WriteAsync(_live, bytes, block * geometry.BlockSize, cancellationToken).ConfigureAwait(false);
            }

            done += n;
        }
    }

    /// <summary>Copies into the newest snapshot the original of every block in the range that it has not preserved yet.</summary>
    private async Task PreserveOriginalsAsync(CopyOnWriteSnapshot newest, long firstBlock, int count, CancellationToken cancellationToken)
    {
        var missing = 0;
        for (var i = 0; i < count; i++)
        {
            missing += newest.Map.ContainsKey(firstBlock + i) ? 0 : 1;
        }

        if (missing == 0)
        {
            return;
        }

        var blockSize = _directory.Geometry.BlockSize;
        var buffer = ArrayPool<byte>.Shared.Rent(count * blockSize);
        var blocks = ArrayPool<long>.Shared.Rent(count);
        try
        {
            await VolumeFiles.ReadExactlyAsync(_live, buffer.AsMemory(0, count * blockSize), firstBlock * blockSize, cancellationToken).ConfigureAwait(false);
            var kept = 0;
            for (var i = 0; i < count; i++)
            {
                if (!newest.Map.ContainsKey(firstBlock + i))
                {
                    // Gather the blocks to preserve at the front of the buffer (kept <= i: moves only go backwards).
                    buffer.AsSpan(i * blockSize, blockSize).CopyTo(buffer.AsSpan(kept * blockSize, blockSize));
                    blocks[kept++] = firstBlock + i;
                }
            }

            await newest.PreserveAsync(blocks, kept, buffer, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<long>.Shared.Return(blocks);
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async ValueTask ReadSnapshotAsync(long sequence, long firstBlock, Memory<byte> destination, CancellationToken cancellationToken)
    {
        var blockSize = _directory.Geometry.BlockSize;
        var count = _directory.Geometry.CheckRange(firstBlock, destination.Length);
        for (long done = 0; done < count;)
        {
            var n = (int)Math.Min(PieceBlocks, count - done);
            var block = firstBlock + done;
            using (await _stripes.AcquireAsync(block, n, cancellationToken).ConfigureAwait(false))
            {
                var snapshots = _snapshots;
                var index = Array.FindIndex(snapshots, s => s.Entry.Sequence == sequence);
                ObjectDisposedException.ThrowIf(index < 0, this);

                var piece = destination.Slice((int)(done * blockSize), n * blockSize);
                for (var i = 0; i < n;)
                {
                    if (FindPreserved(snapshots, index, block + i) is { } found)
                    {
                        await found.Owner.ReadSlotAsync(found.Slot, piece.Slice(i * blockSize, blockSize), cancellationToken).ConfigureAwait(false);
                        i++;
                        continue;
                    }

                    // A run of blocks no snapshot from this one on has preserved: unchanged since, read from the live volume.
                    var run = 1;
                    while (i + run < n && FindPreserved(snapshots, index, block + i + run) is null)
                    {
                        run++;
                    }

                    await VolumeFiles.ReadExactlyAsync(_live, piece.Slice(i * blockSize, run * blockSize), (block + i) * blockSize, cancellationToken).ConfigureAwait(false);
                    i += run;
                }
            }

            done += n;
        }
    }

    private static (CopyOnWriteSnapshot Owner, long Slot)? FindPreserved(CopyOnWriteSnapshot[] snapshots, int from, long block)
    {
        for (var j = from; j < snapshots.Length; j++)
        {
            if (snapshots[j].Map.TryGetValue(block, out var slot))
            {
                return (snapshots[j], slot);
            }
        }

        return null;
    }

    private sealed class LiveVolume(CopyOnWriteVolume owner) : IBlockVolume
    {
        public VolumeGeometry Geometry => owner._directory.Geometry;

        public bool IsReadOnly => false;

        public ValueTask ReadAsync(long firstBlock, Memory<byte> destination, CancellationToken cancellationToken = default)
        {
            Geometry.CheckRange(firstBlock, destination.Length);
            return VolumeFiles.ReadExactlyAsync(owner._live, destination, firstBlock * Geometry.BlockSize, cancellationToken);
        }

        public ValueTask WriteAsync(long firstBlock, ReadOnlyMemory<byte> source, CancellationToken cancellationToken = default) =>
            owner.WriteLiveAsync(firstBlock, source, cancellationToken);

        public ValueTask FlushAsync(CancellationToken cancellationToken = default)
        {
            VolumeFiles.Sync(owner._live);
            return ValueTask.CompletedTask;
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private sealed class SnapshotVolume(CopyOnWriteVolume owner, long sequence) : IBlockVolume
    {
        private int _disposed;

        public VolumeGeometry Geometry => owner._directory.Geometry;

        public bool IsReadOnly => true;

        public ValueTask ReadAsync(long firstBlock, Memory<byte> destination, CancellationToken cancellationToken = default)
        {
            ObjectDisposedException.ThrowIf(_disposed != 0, this);
            return owner.ReadSnapshotAsync(sequence, firstBlock, destination, cancellationToken);
        }

        public ValueTask WriteAsync(long firstBlock, ReadOnlyMemory<byte> source, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException("A snapshot is read-only.");

        public ValueTask FlushAsync(CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

        public ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.CloseSnapshot(sequence);
            }

            return ValueTask.CompletedTask;
        }
    }
}
