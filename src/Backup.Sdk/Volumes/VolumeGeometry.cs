namespace Backup.Sdk.Volumes;

/// <summary>The shape of a block volume: a fixed block size and a number of blocks.</summary>
/// <param name="BlockSize">Bytes per block: a power of two from <see cref="MinBlockSize"/> to <see cref="MaxBlockSize"/>.</param>
/// <param name="BlockCount">The number of blocks (at least one).</param>
public readonly record struct VolumeGeometry(int BlockSize, long BlockCount)
{
    /// <summary>The smallest block size: 512 bytes.</summary>
    public const int MinBlockSize = 512;

    /// <summary>The largest block size: 16 MiB.</summary>
    public const int MaxBlockSize = 16 * 1024 * 1024;

    /// <summary>The default block size of new volumes: 64 KiB.</summary>
    public const int DefaultBlockSize = 64 * 1024;

    /// <summary>The volume's size in bytes.</summary>
    public long Size => BlockSize * BlockCount;

    /// <summary>The geometry of a volume of <paramref name="size"/> bytes.</summary>
    /// <param name="size">The size: a positive multiple of <paramref name="blockSize"/>.</param>
    /// <param name="blockSize">The block size.</param>
    /// <returns>The geometry.</returns>
    /// <exception cref="ArgumentException">The size is not a positive multiple of a valid block size.</exception>
    public static VolumeGeometry FromSize(long size, int blockSize = DefaultBlockSize)
    {
        var geometry = new VolumeGeometry(blockSize, blockSize > 0 ? size / blockSize : 0);
        geometry.Validate();
        if (size % blockSize != 0)
        {
            throw new ArgumentException($"The size {size} is not a multiple of the block size {blockSize}.", nameof(size));
        }

        return geometry;
    }

    /// <summary>Checks the block size and count.</summary>
    /// <exception cref="ArgumentException">The block size is not a power of two in range, or the count is not positive.</exception>
    public void Validate()
    {
        if (BlockSize < MinBlockSize || BlockSize > MaxBlockSize || (BlockSize & (BlockSize - 1)) != 0)
        {
            throw new ArgumentException($"The block size {BlockSize} is not a power of two from {MinBlockSize} to {MaxBlockSize}.", nameof(BlockSize));
        }

        if (BlockCount <= 0 || BlockCount > long.MaxValue / BlockSize)
        {
            throw new ArgumentException($"The block count {BlockCount} is not positive or the volume would be too large.", nameof(BlockCount));
        }
    }

    /// <summary>Checks that a buffer of <paramref name="length"/> bytes at <paramref name="firstBlock"/> is whole blocks inside the volume.</summary>
    /// <returns>The number of blocks.</returns>
    internal long CheckRange(long firstBlock, int length)
    {
        if (length % BlockSize != 0)
        {
            throw new ArgumentException($"The buffer length {length} is not a multiple of the block size {BlockSize}.", nameof(length));
        }

        var count = length / BlockSize;
        if (firstBlock < 0 || firstBlock > BlockCount - count)
        {
            throw new ArgumentOutOfRangeException(nameof(firstBlock), $"Blocks {firstBlock} to {firstBlock + count - 1} are outside the volume's {BlockCount} blocks.");
        }

        return count;
    }
}
