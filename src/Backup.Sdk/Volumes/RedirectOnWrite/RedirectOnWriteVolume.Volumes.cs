using System.Buffers;

namespace Backup.Sdk.Volumes.RedirectOnWrite;

/// <summary>The live volume and the snapshot volumes of a <see cref="RedirectOnWriteVolume"/>.</summary>
public sealed partial class RedirectOnWriteVolume
{
    /// <summary>Writes and live reads are split into pieces of at most this many bytes, each under its block locks.</summary>
    private const int PieceBytes = 1024 * 1024;

    private int PieceBlocks => Math.Max(1, PieceBytes / _directory.Geometry.BlockSize);

    private async ValueTask WriteLiveAsync(long firstBlock, ReadOnlyMemory<byte> source, CancellationToken cancellationToken)
    {
        var blockSize = _directory.Geometry.BlockSize;
        var count = _directory.Geometry.CheckRange(firstBlock, source.Length);
        var slots = ArrayPool<long>.Shared.Rent(PieceBlocks);
        var moved = ArrayPool<long>.Shared.Rent(PieceBlocks);
        var movedTo = ArrayPool<long>.Shared.Rent(PieceBlocks);
        try
        {
            for (long done = 0; done < count;)
            {
                var n = (int)Math.Min(PieceBlocks, count - done);
                var block = firstBlock + done;
                using (await _stripes.AcquireAsync(block, n, cancellationToken).ConfigureAwait(false))
                {
                    // A slot that only the live map refers to is overwritten in place; any other write gets a fresh slot.
                    var redirected = 0;
                    for (var i = 0; i < n; i++)
                    {
                        var slot = _live[block + i];
                        if (slot < 0 || !_slots.IsExclusive(slot))
                        {
                            slot = _slots.Allocate();
                            moved[redirected] = block + i;
                            movedTo[redirected++] = slot;
                        }

                        slots[i] = slot;
                    }

                    await WriteSlotsAsync(slots, n, source.Slice((int)(done * blockSize), n * blockSize), cancellationToken).ConfigureAwait(false);
                    if (redirected > 0)
                    {
                        // The new slots' data is durable before the journal points the live map at them; a crash in
                        // between leaves the snapshots and the live map as they were (the new slots are free again).
                        VolumeFiles.Sync(_blocks);
                        await _journalLock.WaitAsync(cancellationToken).ConfigureAwait(false);
                        try
                        {
                            _journal.AppendDurably(moved.AsSpan(0, redirected), movedTo.AsSpan(0, redirected));
                        }
                        finally
                        {
                            _journalLock.Release();
                        }

                        for (var i = 0; i < redirected; i++)
                        {
                            var old = _live[moved[i]];
                            Volatile.Write(ref _live[moved[i]], movedTo[i]);
                            if (old >= 0)
                            {
                                _slots.Release(old);
                            }
                        }
                    }
                }

                done += n;
            }
        }
        finally
        {
            ArrayPool<long>.Shared.Return(slots);
            ArrayPool<long>.Shared.Return(moved);
            ArrayPool<long>.Shared.Return(movedTo);
        }
    }

    private async ValueTask WriteSlotsAsync(long[] slots, int count, ReadOnlyMemory<byte> source, CancellationToken cancellationToken)
    {
        var blockSize = _directory.Geometry.BlockSize;
        for (var i = 0; i < count;)
        {
            var run = 1;
            while (i + run < count && slots[i + run] == slots[i] + run)
            {
                run++;
            }

            await RandomAccess.WriteAsync(_blocks, source.Slice(i * blockSize, run * blockSize), slots[i] * blockSize, cancellationToken).ConfigureAwait(false);
            i += run;
        }
    }

    private async ValueTask ReadLiveAsync(long firstBlock, Memory<byte> destination, CancellationToken cancellationToken)
    {
        var blockSize = _directory.Geometry.BlockSize;
        var count = _directory.Geometry.CheckRange(firstBlock, destination.Length);
        for (long done = 0; done < count;)
        {
            var n = (int)Math.Min(PieceBlocks, count - done);
            using (await _stripes.AcquireAsync(firstBlock + done, n, cancellationToken).ConfigureAwait(false))
            {
                await ReadMappedAsync(_live, firstBlock + done, destination.Slice((int)(done * blockSize), n * blockSize), cancellationToken).ConfigureAwait(false);
            }

            done += n;
        }
    }

    /// <summary>Reads blocks through a map: unallocated blocks are zeros, runs of consecutive slots are one read.</summary>
    private async ValueTask ReadMappedAsync(long[] map, long firstBlock, Memory<byte> destination, CancellationToken cancellationToken)
    {
        var blockSize = _directory.Geometry.BlockSize;
        var count = destination.Length / blockSize;
        for (var i = 0; i < count;)
        {
            var slot = Volatile.Read(ref map[firstBlock + i]);
            var run = 1;
            if (slot < 0)
            {
                while (i + run < count && Volatile.Read(ref map[firstBlock + i + run]) < 0)
                {
                    run++;
                }

                destination.Span.Slice(i * blockSize, run * blockSize).Clear();
            }
            else
            {
                while (i + run < count && Volatile.Read(ref map[firstBlock + i + run]) == slot + run)
                {
                    run++;
                }

                await VolumeFiles.ReadExactlyAsync(_blocks, destination.Slice(i * blockSize, run * blockSize), slot * blockSize, cancellationToken).ConfigureAwait(false);
            }

            i += run;
        }
    }

    private sealed class LiveVolume(RedirectOnWriteVolume owner) : IBlockVolume
    {
        public VolumeGeometry Geometry => owner._directory.Geometry;

        public bool IsReadOnly => false;

        public ValueTask ReadAsync(long firstBlock, Memory<byte> destination, CancellationToken cancellationToken = default) =>
            owner.ReadLiveAsync(firstBlock, destination, cancellationToken);

        public ValueTask WriteAsync(long firstBlock, ReadOnlyMemory<byte> source, CancellationToken cancellationToken = default) =>
            owner.WriteLiveAsync(firstBlock, source, cancellationToken);

        public ValueTask FlushAsync(CancellationToken cancellationToken = default)
        {
            VolumeFiles.Sync(owner._blocks);
            return ValueTask.CompletedTask;
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    /// <summary>A snapshot's slots are never written (a shared slot is redirected, a freed one only after deletion), so reads take no locks.</summary>
    private sealed class SnapshotVolume(RedirectOnWriteVolume owner, RowSnapshot snapshot) : IBlockVolume
    {
        private int _disposed;

        public VolumeGeometry Geometry => owner._directory.Geometry;

        public bool IsReadOnly => true;

        public ValueTask ReadAsync(long firstBlock, Memory<byte> destination, CancellationToken cancellationToken = default)
        {
            ObjectDisposedException.ThrowIf(_disposed != 0, this);
            Geometry.CheckRange(firstBlock, destination.Length);
            return owner.ReadMappedAsync(snapshot.Map, firstBlock, destination, cancellationToken);
        }

        public ValueTask WriteAsync(long firstBlock, ReadOnlyMemory<byte> source, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException("A snapshot is read-only.");

        public ValueTask FlushAsync(CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

        public ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.CloseSnapshot(snapshot.Entry.Sequence);
            }

            return ValueTask.CompletedTask;
        }
    }
}
