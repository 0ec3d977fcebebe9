using Microsoft.Win32.SafeHandles;

namespace Backup.Sdk.Volumes.CopyOnWrite;

/// <summary>
/// A volume with copy-on-write snapshots (docs/guides/volumes.md): the live blocks are written in place in
/// <c>live.img</c>; taking a snapshot copies nothing; the first write to a block after a snapshot first copies the
/// original block into the newest snapshot's store. An older snapshot that lacks a block reads it from the next newer
/// snapshot that has it, else from the live volume. Live reads are direct.
/// </summary>
public sealed partial class CopyOnWriteVolume : ISnapshotProvider
{
    /// <summary>The provider's name in <c>volume.json</c>.</summary>
    public const string ProviderName = "cow";

    private const string LiveName = "live.img";
    private readonly VolumeDirectory _directory;
    private readonly SafeFileHandle _live;
    private readonly BlockStripes _stripes = new();
    private readonly TimeProvider _time;
    private readonly Dictionary<long, int> _openSnapshots = [];
    private volatile CopyOnWriteSnapshot[] _snapshots;

    private CopyOnWriteVolume(VolumeDirectory directory, SafeFileHandle live, CopyOnWriteSnapshot[] snapshots, TimeProvider time)
    {
        _directory = directory;
        _live = live;
        _snapshots = snapshots;
        _time = time;
        Volume = new LiveVolume(this);
    }

    /// <inheritdoc/>
    public IBlockVolume Volume { get; }

    /// <summary>The volume's directory.</summary>
    public string Path => _directory.Path;

    /// <summary>Creates a volume directory (all zeros, sparse) and opens it.</summary>
    /// <param name="path">A directory that does not exist or is empty.</param>
    /// <param name="geometry">The block size and count.</param>
    /// <param name="timeProvider">The clock for snapshot times.</param>
    /// <returns>The opened volume.</returns>
    public static CopyOnWriteVolume Create(string path, VolumeGeometry geometry, TimeProvider? timeProvider = null)
    {
        var directory = VolumeDirectory.Create(path, geometry, ProviderName);
        using (var live = VolumeFiles.Open(System.IO.Path.Combine(directory.Path, LiveName), FileMode.CreateNew, FileAccess.ReadWrite))
        {
            RandomAccess.SetLength(live, geometry.Size);
            VolumeFiles.Sync(live);
        }

        directory.Commit();
        return Open(path, timeProvider);
    }

    /// <summary>Opens a volume directory, dropping what a crashed run left half done.</summary>
    /// <param name="path">The volume directory.</param>
    /// <param name="timeProvider">The clock for snapshot times.</param>
    /// <returns>The opened volume.</returns>
    /// <exception cref="VolumeFormatException">The directory is not a copy-on-write volume.</exception>
    /// <exception cref="VolumeInUseException">Another open (in this process or another) holds the volume.</exception>
    public static CopyOnWriteVolume Open(string path, TimeProvider? timeProvider = null)
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

    private static CopyOnWriteVolume Open(VolumeDirectory directory, TimeProvider? timeProvider)
    {
        directory.RemoveOrphans();
        var live = VolumeFiles.Open(System.IO.Path.Combine(directory.Path, LiveName), FileMode.Open, FileAccess.ReadWrite);
        var snapshots = new List<CopyOnWriteSnapshot>();
        try
        {
            foreach (var entry in directory.Catalog.Snapshots)
            {
                snapshots.Add(CopyOnWriteSnapshot.Open(directory, entry));
            }
        }
        catch
        {
            live.Dispose();
            snapshots.ForEach(s => s.Dispose());
            throw;
        }

        return new CopyOnWriteVolume(directory, live, [.. snapshots], timeProvider ?? TimeProvider.System);
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

        // The snapshot reads every block it has not preserved from live.img: those blocks must be durable first.
        VolumeFiles.Sync(_live);
        var catalog = _directory.Catalog;
        var entry = new SnapshotCatalogEntry(name, catalog.NextSequence, _time.GetLocalNow());
        var snapshot = CopyOnWriteSnapshot.Open(_directory, entry);
        try
        {
            VolumeFiles.SyncDirectory(_directory.SnapshotsPath);
            _directory.SaveCatalog(new SnapshotCatalogDocument { NextSequence = entry.Sequence + 1, Snapshots = [.. catalog.Snapshots, entry] });
        }
        catch
        {
            snapshot.Dispose();
            throw;
        }

        _snapshots = [.. _snapshots, snapshot];
        return Describe(snapshot);
    }

    /// <inheritdoc/>
    public IReadOnlyList<VolumeSnapshotInfo> ListSnapshots() => [.. _snapshots.Select(Describe)];

    /// <inheritdoc/>
    public IBlockVolume OpenSnapshot(string name)
    {
        var entry = _directory.Find(name);
        lock (_openSnapshots)
        {
            _openSnapshots[entry.Sequence] = _openSnapshots.GetValueOrDefault(entry.Sequence) + 1;
        }

        return new SnapshotVolume(this, entry.Sequence);
    }

    /// <inheritdoc/>
    public async Task DeleteSnapshotAsync(string name, CancellationToken cancellationToken = default)
    {
        using var all = await _stripes.AcquireAllAsync(cancellationToken).ConfigureAwait(false);
        var entry = _directory.Find(name);
        ThrowIfOpen(entry);
        var snapshots = _snapshots;
        var index = Array.FindIndex(snapshots, s => s.Entry.Sequence == entry.Sequence);
        var victim = snapshots[index];

        // The next older snapshot reads through this one the blocks it lacks: hand them over first (durably), so that a
        // crash at any point leaves every remaining snapshot readable. Handing over twice (after a crash) is harmless.
        if (index > 0)
        {
            await HandOverAsync(victim, snapshots[index - 1], cancellationToken).ConfigureAwait(false);
        }

        var catalog = _directory.Catalog;
        _directory.SaveCatalog(new SnapshotCatalogDocument { NextSequence = catalog.NextSequence, Snapshots = [.. catalog.Snapshots.Where(s => s.Sequence != entry.Sequence)] });
        _snapshots = [.. snapshots.Where(s => s != victim)];
        victim.Dispose();
        _directory.RemoveOrphans();
    }

    /// <inheritdoc/>
    public IReadOnlyList<long> GetChangedBlocks(string fromSnapshot, string? toSnapshot = null)
    {
        var from = _directory.Find(fromSnapshot).Sequence;
        var to = toSnapshot is null ? long.MaxValue : _directory.Find(toSnapshot).Sequence;
        if (to < from)
        {
            throw new ArgumentException($"Snapshot '{toSnapshot}' is older than '{fromSnapshot}'.", nameof(toSnapshot));
        }

        // Every block written after snapshot k was taken is preserved, on its first write, in the snapshot that was newest
        // then: the union of the maps from 'from' up to (not including) 'to' is exactly what changed in between.
        var changed = new HashSet<long>();
        foreach (var snapshot in _snapshots)
        {
            if (snapshot.Entry.Sequence >= from && snapshot.Entry.Sequence < to)
            {
                changed.UnionWith(snapshot.Map.Keys);
            }
        }

        var sorted = changed.ToArray();
        Array.Sort(sorted);
        return sorted;
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync()
    {
        using var directory = _directory;
        foreach (var snapshot in _snapshots)
        {
            snapshot.Dispose();
        }

        _live.Dispose();
        _stripes.Dispose();
        return ValueTask.CompletedTask;
    }

    private static VolumeSnapshotInfo Describe(CopyOnWriteSnapshot snapshot) =>
        new(snapshot.Entry.Name, snapshot.Entry.Sequence, snapshot.Entry.Created, snapshot.Map.Count);

    private void ThrowIfOpen(SnapshotCatalogEntry entry)
    {
        lock (_openSnapshots)
        {
            if (_openSnapshots.GetValueOrDefault(entry.Sequence) > 0)
            {
                throw new InvalidOperationException($"Snapshot '{entry.Name}' is open; dispose it before deleting it.");
            }
        }
    }

    private void CloseSnapshot(long sequence)
    {
        lock (_openSnapshots)
        {
            _openSnapshots[sequence]--;
        }
    }

    private async Task HandOverAsync(CopyOnWriteSnapshot from, CopyOnWriteSnapshot to, CancellationToken cancellationToken)
    {
        var blockSize = _directory.Geometry.BlockSize;
        const int Batch = 64;
        var blocks = new long[Batch];
        var buffer = new byte[Batch * blockSize];
        var count = 0;
        foreach (var (block, slot) in from.Map.OrderBy(pair => pair.Key))
        {
            if (to.Map.ContainsKey(block))
            {
                continue;
            }

            await from.ReadSlotAsync(slot, buffer.AsMemory(count * blockSize, blockSize), cancellationToken).ConfigureAwait(false);
            blocks[count++] = block;
            if (count == Batch)
            {
                await to.PreserveAsync(blocks, count, buffer, cancellationToken).ConfigureAwait(false);
                count = 0;
            }
        }

        if (count > 0)
        {
            await to.PreserveAsync(blocks, count, buffer, cancellationToken).ConfigureAwait(false);
        }
    }
}
