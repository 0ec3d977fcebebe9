using System.Buffers;
using System.Collections.Concurrent;
using Microsoft.Win32.SafeHandles;

namespace Backup.Sdk.Volumes.CopyOnWrite;

/// <summary>
/// One copy-on-write snapshot on disk: <c>&lt;seq&gt;.store</c> holds the original blocks it preserved (slot <c>i</c> at
/// <c>i × blockSize</c>) and <c>&lt;seq&gt;.map</c> journals which block each slot holds; slot numbers are the journal's
/// record ordinals.
/// </summary>
internal sealed class CopyOnWriteSnapshot : IDisposable
{
    private readonly SafeFileHandle _store;
    private readonly BlockMapJournal _journal;
    private readonly SemaphoreSlim _append = new(1, 1);
    private readonly int _blockSize;

    private CopyOnWriteSnapshot(SnapshotCatalogEntry entry, SafeFileHandle store, BlockMapJournal journal, ConcurrentDictionary<long, long> map, int blockSize)
    {
        Entry = entry;
        _store = store;
        _journal = journal;
        Map = map;
        _blockSize = blockSize;
    }

    public SnapshotCatalogEntry Entry { get; }

    /// <summary>Block → slot of every block preserved here.</summary>
    public ConcurrentDictionary<long, long> Map { get; }

    public static CopyOnWriteSnapshot Open(VolumeDirectory directory, SnapshotCatalogEntry entry)
    {
        var map = new ConcurrentDictionary<long, long>();
        var store = VolumeFiles.Open(directory.SnapshotFile(entry.Sequence, "store"), FileMode.OpenOrCreate, FileAccess.ReadWrite);
        try
        {
            var journal = BlockMapJournal.Open(directory.SnapshotFile(entry.Sequence, "map"), (block, slot) => map[block] = slot);
            return new CopyOnWriteSnapshot(entry, store, journal, map, directory.Geometry.BlockSize);
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    public ValueTask ReadSlotAsync(long slot, Memory<byte> destination, CancellationToken cancellationToken) =>
        VolumeFiles.ReadExactlyAsync(_store, destination, slot * _blockSize, cancellationToken);

    /// <summary>
    /// Preserves blocks: <paramref name="data"/> holds <paramref name="blocks"/>' original content back to back. The order
    /// is what makes a crash harmless: the blocks go to fresh slots of the store, the store is fsynced, then the map records
    /// are appended and fsynced; only then may the caller overwrite the originals. A crash before the records are durable
    /// leaves unreferenced bytes past the last slot, which the next append overwrites.
    /// </summary>
    public async Task PreserveAsync(long[] blocks, int count, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        await _append.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var first = _journal.Count;
            await RandomAccess.WriteAsync(_store, data[..(count * _blockSize)], first * _blockSize, cancellationToken).ConfigureAwait(false);
            VolumeFiles.Sync(_store);
            var slots = ArrayPool<long>.Shared.Rent(count);
            try
            {
                for (var i = 0; i < count; i++)
                {
                    slots[i] = first + i;
                }

                _journal.AppendDurably(blocks.AsSpan(0, count), slots.AsSpan(0, count));
                for (var i = 0; i < count; i++)
                {
                    Map[blocks[i]] = first + i;
                }
            }
            finally
            {
                ArrayPool<long>.Shared.Return(slots);
            }
        }
        finally
        {
            _append.Release();
        }
    }

    public void Dispose()
    {
        _store.Dispose();
        _journal.Dispose();
        _append.Dispose();
    }
}
