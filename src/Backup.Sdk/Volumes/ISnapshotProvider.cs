namespace Backup.Sdk.Volumes;

/// <summary>
/// A volume that takes point-in-time snapshots of itself: the live volume stays writable, each snapshot is a read-only
/// volume that keeps reading what the live volume held when the snapshot was taken. Snapshots and their metadata survive
/// restarts and crashes. Thread-safe: the live volume may be written from other threads while snapshots are read.
/// </summary>
public interface ISnapshotProvider : IAsyncDisposable
{
    /// <summary>The live, writable volume.</summary>
    IBlockVolume Volume { get; }

    /// <summary>Takes a snapshot of the live volume as it is now (writes in progress complete first).</summary>
    /// <param name="name">A new name: letters, digits, '.', '_' and '-', 1 to 100 characters, not starting with '.'.</param>
    /// <param name="cancellationToken">Stops waiting for writes in progress.</param>
    /// <returns>The snapshot.</returns>
    /// <exception cref="ArgumentException">The name is invalid or taken.</exception>
    Task<VolumeSnapshotInfo> CreateSnapshotAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>The snapshots, oldest first.</summary>
    IReadOnlyList<VolumeSnapshotInfo> ListSnapshots();

    /// <summary>Opens a snapshot as a read-only volume; it stays readable until it is disposed, and is refused deletion meanwhile.</summary>
    /// <param name="name">The snapshot.</param>
    /// <returns>The read-only volume.</returns>
    /// <exception cref="VolumeSnapshotNotFoundException">No snapshot has that name.</exception>
    IBlockVolume OpenSnapshot(string name);

    /// <summary>Deletes a snapshot, freeing (or handing to an older snapshot) the blocks only it held.</summary>
    /// <param name="name">The snapshot.</param>
    /// <param name="cancellationToken">Stops waiting for writes in progress.</param>
    /// <returns>A task that completes when the deletion is durable.</returns>
    /// <exception cref="VolumeSnapshotNotFoundException">No snapshot has that name.</exception>
    /// <exception cref="InvalidOperationException">The snapshot is open.</exception>
    Task DeleteSnapshotAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>
    /// Changed-block tracking from metadata only (no data is read): the blocks written after snapshot
    /// <paramref name="fromSnapshot"/> was taken and before <paramref name="toSnapshot"/> was (or until now when
    /// <paramref name="toSnapshot"/> is <see langword="null"/>). May include blocks rewritten with the same bytes.
    /// </summary>
    /// <param name="fromSnapshot">The older snapshot.</param>
    /// <param name="toSnapshot">The newer snapshot, or <see langword="null"/> for the live volume.</param>
    /// <returns>The block numbers, ascending.</returns>
    /// <exception cref="VolumeSnapshotNotFoundException">A snapshot does not exist.</exception>
    /// <exception cref="ArgumentException"><paramref name="toSnapshot"/> is older than <paramref name="fromSnapshot"/>.</exception>
    IReadOnlyList<long> GetChangedBlocks(string fromSnapshot, string? toSnapshot = null);
}
