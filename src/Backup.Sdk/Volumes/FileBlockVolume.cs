using Microsoft.Win32.SafeHandles;

namespace Backup.Sdk.Volumes;

/// <summary>
/// A block volume over one file (an image, a disk file): positioned, block-aligned reads and writes through
/// <see cref="RandomAccess"/>, no buffering of its own. The file is sized to the geometry (sparse where the file system
/// allows); regions never written read as zeros.
/// </summary>
public sealed class FileBlockVolume : IBlockVolume
{
    private readonly SafeFileHandle _handle;

    private FileBlockVolume(SafeFileHandle handle, VolumeGeometry geometry, bool readOnly)
    {
        _handle = handle;
        Geometry = geometry;
        IsReadOnly = readOnly;
    }

    /// <inheritdoc/>
    public VolumeGeometry Geometry { get; }

    /// <inheritdoc/>
    public bool IsReadOnly { get; }

    /// <summary>Creates a new file of the geometry's size (sparse, all zeros) and opens it read-write.</summary>
    /// <param name="path">The file; it must not exist.</param>
    /// <param name="geometry">The block size and count.</param>
    /// <returns>The volume.</returns>
    /// <exception cref="IOException">The file exists or cannot be created.</exception>
    public static FileBlockVolume Create(string path, VolumeGeometry geometry)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        geometry.Validate();
        var handle = VolumeFiles.Open(path, FileMode.CreateNew, FileAccess.ReadWrite);
        try
        {
            RandomAccess.SetLength(handle, geometry.Size);
            return new FileBlockVolume(handle, geometry, readOnly: false);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>Opens an existing file as a volume; the file's length must be a multiple of the block size.</summary>
    /// <param name="path">The file.</param>
    /// <param name="blockSize">The block size.</param>
    /// <param name="readOnly">Whether to refuse writes (the file is then opened for reading only).</param>
    /// <returns>The volume.</returns>
    /// <exception cref="ArgumentException">The file's length is not a positive multiple of the block size.</exception>
    public static FileBlockVolume Open(string path, int blockSize = VolumeGeometry.DefaultBlockSize, bool readOnly = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var handle = VolumeFiles.Open(path, FileMode.Open, readOnly ? FileAccess.Read : FileAccess.ReadWrite);
        try
        {
            var geometry = VolumeGeometry.FromSize(RandomAccess.GetLength(handle), blockSize);
            return new FileBlockVolume(handle, geometry, readOnly);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <inheritdoc/>
    public ValueTask ReadAsync(long firstBlock, Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        Geometry.CheckRange(firstBlock, destination.Length);
        return VolumeFiles.ReadExactlyAsync(_handle, destination, firstBlock * Geometry.BlockSize, cancellationToken);
    }

    /// <inheritdoc/>
    public ValueTask WriteAsync(long firstBlock, ReadOnlyMemory<byte> source, CancellationToken cancellationToken = default)
    {
        if (IsReadOnly)
        {
            throw new NotSupportedException("The volume is read-only.");
        }

        Geometry.CheckRange(firstBlock, source.Length);
        return RandomAccess.WriteAsync(_handle, source, firstBlock * Geometry.BlockSize, cancellationToken);
    }

    /// <inheritdoc/>
    public ValueTask FlushAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!IsReadOnly)
        {
            VolumeFiles.Sync(_handle);
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync()
    {
        _handle.Dispose();
        return ValueTask.CompletedTask;
    }
}
