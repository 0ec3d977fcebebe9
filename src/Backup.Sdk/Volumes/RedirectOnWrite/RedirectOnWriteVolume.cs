using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Backup.Sdk.Volumes.RedirectOnWrite;

/// <summary>
/// A volume with redirect-on-write snapshots (docs/guides/volumes.md): blocks live in slots of <c>blocks.dat</c>, found
/// through a block map. A snapshot freezes a copy of the live map (no data is copied). A write to a block whose slot a
/// snapshot shares goes to a fresh slot and the live map is updated; a slot only the live map refers to is written in
/// place. Deleting a snapshot frees the slots only it referred to, for later writes to reuse.
/// </summary>
public sealed partial class RedirectOnWriteVolume : ISnapshotProvider
{
    /// <summary>The provider's name in <c>volume.json</c>.</summary>
    public const string ProviderName = "row";

    private const string BlocksName = "blocks.dat";
    private const string LiveMapName = "live.map";
    private const string JournalName = "live.journal";
    private readonly VolumeDirectory _directory;
    private readonly SafeFileHandle _blocks;
    private readonly BlockMapJournal _journal;
    private readonly long[] _live;
    private readonly SlotTable _slots;
    private readonly BlockStripes _stripes = new();
    private readonly SemaphoreSlim _journalLock = new(1, 1);
    private readonly TimeProvider _time;
    private readonly Dictionary<long, int> _openSnapshots = [];
    private volatile RowSnapshot[] _snapshots;

    private RedirectOnWriteVolume(VolumeDirectory directory, SafeFileHandle blocks, BlockMapJournal journal, long[] live, RowSnapshot[] snapshots, TimeProvider time)
    {
        _directory = directory;
        _blocks = blocks;
        _journal = journal;
        _live = live;
        _snapshots = snapshots;
        _time = time;
        var existing = RandomAccess.GetLength(blocks) / directory.Geometry.BlockSize;
        _slots = SlotTable.Build(existing, [live, .. snapshots.Select(s => s.Map)]);
        Volume = new LiveVolume(this);
    }

    /// <inheritdoc/>
    public IBlockVolume Volume { get; }

    /// <summary>The volume's directory.</summary>
    public string Path => _directory.Path;

    /// <summary>Slots of <c>blocks.dat</c> that no map refers to (freed by deleted snapshots), reused by later writes.</summary>
    public long FreeSlots => _slots.FreeCount;

    /// <summary>Creates a volume directory (all zeros: no block is allocated until written) and opens it.</summary>
    /// <param name="path">A directory that does not exist or is empty.</param>
    /// <param name="geometry">The block size and count.</param>
    /// <param name="timeProvider">The clock for snapshot times.</param>
    /// <returns>The opened volume.</returns>
    public static RedirectOnWriteVolume Create(string path, VolumeGeometry geometry, TimeProvider? timeProvider = null)
    {
        var directory = VolumeDirectory.Create(path, geometry, ProviderName);
        var empty = new long[geometry.BlockCount];
        Array.Fill(empty, -1L);
        VolumeFiles.WriteAtomically(System.IO.Path.Combine(directory.Path, LiveMapName), MemoryMarshal.AsBytes(empty.AsSpan()));
        using (VolumeFiles.Open(System.IO.Path.Combine(directory.Path, BlocksName), FileMode.CreateNew, FileAccess.ReadWrite))
        {
        }

        directory.Commit();
        return Open(path, timeProvider);
    }

    /// <summary>Opens a volume directory: the live map is its last checkpoint with the journal replayed on top.</summary>
    /// <param name="path">The volume directory.</param>
    /// <param name="timeProvider">The clock for snapshot times.</param>
    /// <returns>The opened volume.</returns>
    /// <exception cref="VolumeFormatException">The directory is not a redirect-on-write volume, or a map is damaged.</exception>
    /// <exception cref="VolumeInUseException">Another open (in this process or another) holds the volume.</exception>
    public static RedirectOnWriteVolume Open(string path, TimeProvider? timeProvider = null)
    {
        var directory = VolumeDirectory.Open(path, ProviderName);
        try
        {
            return Open(directory, timeProvider);
        }
        catch
        {
            directory.Dispose();
            throw;
        }
    }

    private static RedirectOnWriteVolume Open(VolumeDirectory directory, TimeProvider? timeProvider)
    {
        directory.RemoveOrphans();
        var live = ReadMap(directory, System.IO.Path.Combine(directory.Path, LiveMapName));
        var snapshots = new List<RowSnapshot>();
        foreach (var entry in directory.Catalog.Snapshots)
        {
            snapshots.Add(new RowSnapshot(entry, ReadMap(directory, directory.SnapshotFile(entry.Sequence, "map"))));
        }

        var blocks = VolumeFiles.Open(System.IO.Path.Combine(directory.Path, BlocksName), FileMode.Open, FileAccess.ReadWrite);
        try
        {
            var journal = BlockMapJournal.Open(System.IO.Path.Combine(directory.Path, JournalName), (block, slot) =>
            {
                if (block >= 0 && block < live.Length)
                {
                    live[block] = slot;
                }
            });
            return new RedirectOnWriteVolume(directory, blocks, journal, live, [.. snapshots], timeProvider ?? TimeProvider.System);
        }
        catch
        {
            blocks.Dispose();
            throw;
        }
    }

    /// <inheritdoc/>
    public async Task<VolumeSnapshotInfo> CreateSnapshotAsync(string name, CancellationToken cancellationToken = default)
    {
        VolumeDirectory.ValidateName(name);
        using var all = await _stripes.AcquireAllAsync(cancellationToken).ConfigureAwait(false);
        if (_directory.Catalog.Snapshots.Any(s => s.Name == name))
        {
            throw new ArgumentException($"The volume already has a snapshot named '{name}'.", nameof(name));
        }

        // Order: the blocks written in place so far are made durable, then the frozen map, then the catalog that lists it.
        VolumeFiles.Sync(_blocks);
        var catalog = _directory.Catalog;
        var entry = new SnapshotCatalogEntry(name, catalog.NextSequence, _time.GetLocalNow());
        var map = (long[])_live.Clone();
        VolumeFiles.WriteAtomically(_directory.SnapshotFile(entry.Sequence, "map"), MemoryMarshal.AsBytes(map.AsSpan()));
        _directory.SaveCatalog(new SnapshotCatalogDocument { NextSequence = entry.Sequence + 1, Snapshots = [.. catalog.Snapshots, entry] });
        _slots.AddReferences(map);
        var snapshot = new RowSnapshot(entry, map);
        _snapshots = [.. _snapshots, snapshot];

        // A checkpoint of the live map empties the journal (replaying it over the checkpoint would be harmless too).
        VolumeFiles.WriteAtomically(System.IO.Path.Combine(_directory.Path, LiveMapName), MemoryMarshal.AsBytes(map.AsSpan()));
        _journal.Truncate();
        return Describe(snapshot);
    }

    /// <inheritdoc/>
    public IReadOnlyList<VolumeSnapshotInfo> ListSnapshots() => [.. _snapshots.Select(Describe)];

    /// <inheritdoc/>
    public IBlockVolume OpenSnapshot(string name)
    {
        var entry = _directory.Find(name);
        var snapshot = Array.Find(_snapshots, s => s.Entry.Sequence == entry.Sequence)!;
        lock (_openSnapshots)
        {
            _openSnapshots[entry.Sequence] = _openSnapshots.GetValueOrDefault(entry.Sequence) + 1;
        }

        return new SnapshotVolume(this, snapshot);
    }

    /// <inheritdoc/>
    public async Task DeleteSnapshotAsync(string name, CancellationToken cancellationToken = default)
    {
        using var all = await _stripes.AcquireAllAsync(cancellationToken).ConfigureAwait(false);
        var entry = _directory.Find(name);
        lock (_openSnapshots)
        {
            if (_openSnapshots.GetValueOrDefault(entry.Sequence) > 0)
            {
                throw new InvalidOperationException($"Snapshot '{name}' is open; dispose it before deleting it.");
            }
        }

        // The catalog goes first: once it no longer lists the snapshot, its slots may be reused; its map file is an orphan.
        var catalog = _directory.Catalog;
        _directory.SaveCatalog(new SnapshotCatalogDocument { NextSequence = catalog.NextSequence, Snapshots = [.. catalog.Snapshots.Where(s => s.Sequence != entry.Sequence)] });
        var victim = Array.Find(_snapshots, s => s.Entry.Sequence == entry.Sequence)!;
        _snapshots = [.. _snapshots.Where(s => s != victim)];
        _slots.ReleaseReferences(victim.Map);
        _directory.RemoveOrphans();
    }

    /// <inheritdoc/>
    public IReadOnlyList<long> GetChangedBlocks(string fromSnapshot, string? toSnapshot = null)
    {
        var from = _directory.Find(fromSnapshot);
        var to = toSnapshot is null ? null : _directory.Find(toSnapshot);
        if (to is not null && to.Sequence < from.Sequence)
        {
            throw new ArgumentException($"Snapshot '{toSnapshot}' is older than '{fromSnapshot}'.", nameof(toSnapshot));
        }

        // A block shares its slot with an older map until it is written, when it moves to a slot of its own: the blocks
        // whose slots differ are exactly those written in between.
        var older = Array.Find(_snapshots, s => s.Entry.Sequence == from.Sequence)!.Map;
        var newer = to is null ? _live : Array.Find(_snapshots, s => s.Entry.Sequence == to.Sequence)!.Map;
        var changed = new List<long>();
        for (long block = 0; block < older.Length; block++)
        {
            if (older[block] != Volatile.Read(ref newer[block]))
            {
                changed.Add(block);
            }
        }

        return changed;
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync()
    {
        using var directory = _directory;
        _blocks.Dispose();
        _journal.Dispose();
        _stripes.Dispose();
        _journalLock.Dispose();
        return ValueTask.CompletedTask;
    }

    private static long[] ReadMap(VolumeDirectory directory, string path)
    {
        var bytes = VolumeFiles.ReadAll(path);
        if (bytes.Length != directory.Geometry.BlockCount * sizeof(long))
        {
            throw new VolumeFormatException(path, $"a block map of {bytes.Length} bytes, not {directory.Geometry.BlockCount * sizeof(long)}");
        }

        return MemoryMarshal.Cast<byte, long>(bytes).ToArray();
    }

    private VolumeSnapshotInfo Describe(RowSnapshot snapshot)
    {
        long held = 0;
        for (long block = 0; block < snapshot.Map.Length; block++)
        {
            var slot = snapshot.Map[block];
            held += slot >= 0 && slot != Volatile.Read(ref _live[block]) ? 1 : 0;
        }

        return new VolumeSnapshotInfo(snapshot.Entry.Name, snapshot.Entry.Sequence, snapshot.Entry.Created, held);
    }

    private void CloseSnapshot(long sequence)
    {
        lock (_openSnapshots)
        {
            _openSnapshots[sequence]--;
        }
    }

    private sealed record RowSnapshot(SnapshotCatalogEntry Entry, long[] Map);
}
