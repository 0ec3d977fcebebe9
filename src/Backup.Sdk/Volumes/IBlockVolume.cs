namespace Backup.Sdk.Volumes;

/// <summary>
/// A block device: a fixed number of equal blocks, read and written in whole blocks. Implementations are thread-safe:
/// several threads may read and write different (or the same) blocks at once; a write of one block is never seen half done
/// by a reader of a snapshot.
/// </summary>
public interface IBlockVolume : IAsyncDisposable
{
    /// <summary>The block size and count.</summary>
    VolumeGeometry Geometry { get; }

    /// <summary>Whether writes are refused (snapshots are read-only volumes).</summary>
    bool IsReadOnly { get; }

    /// <summary>Reads whole blocks starting at <paramref name="firstBlock"/> into <paramref name="destination"/>.</summary>
    /// <param name="firstBlock">The first block.</param>
    /// <param name="destination">A multiple of the block size long; blocks never written read as zeros.</param>
    /// <param name="cancellationToken">Stops the read.</param>
    /// <returns>A task that completes when the blocks are read.</returns>
    /// <exception cref="ArgumentException">The buffer is not whole blocks, or reaches past the end of the volume.</exception>
    ValueTask ReadAsync(long firstBlock, Memory<byte> destination, CancellationToken cancellationToken = default);

    /// <summary>Writes whole blocks starting at <paramref name="firstBlock"/>.</summary>
    /// <param name="firstBlock">The first block.</param>
    /// <param name="source">A multiple of the block size long.</param>
    /// <param name="cancellationToken">Stops the write (blocks already written stay written).</param>
    /// <returns>A task that completes when the blocks are written (durable only after <see cref="FlushAsync"/>).</returns>
    /// <exception cref="ArgumentException">The buffer is not whole blocks, or reaches past the end of the volume.</exception>
    /// <exception cref="NotSupportedException">The volume is read-only.</exception>
    ValueTask WriteAsync(long firstBlock, ReadOnlyMemory<byte> source, CancellationToken cancellationToken = default);

    /// <summary>Makes every completed write durable (fsync).</summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task that completes when the data is on the device.</returns>
    ValueTask FlushAsync(CancellationToken cancellationToken = default);
}
