using System.Buffers;

namespace Backup.Sdk.Volumes;

/// <summary>Writes a volume (live or a snapshot) as a plain image file.</summary>
public static class VolumeExport
{
    /// <summary>
    /// Copies every block of <paramref name="volume"/> into a new file of the volume's size; all-zero blocks are left as
    /// holes (the file is sparse where the file system allows), so the file reads byte-identical to the volume. Like
    /// <c>cp</c>, it does not fsync the file.
    /// </summary>
    /// <param name="volume">The volume to read.</param>
    /// <param name="outputPath">The file to create or replace.</param>
    /// <param name="cancellationToken">Stops the copy.</param>
    /// <returns>The bytes of data written (holes not counted).</returns>
    public static async Task<long> ToFileAsync(IBlockVolume volume, string outputPath, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(volume);
        ArgumentException.ThrowIfNullOrEmpty(outputPath);
        var geometry = volume.Geometry;
        var batch = (int)Math.Min(geometry.BlockCount, Math.Max(1, 4 * 1024 * 1024 / geometry.BlockSize));
        var buffer = ArrayPool<byte>.Shared.Rent(batch * geometry.BlockSize);
        long written = 0;
        try
        {
            using var output = VolumeFiles.Open(outputPath, FileMode.Create, FileAccess.ReadWrite);
            RandomAccess.SetLength(output, 0);
            RandomAccess.SetLength(output, geometry.Size);
            for (long block = 0; block < geometry.BlockCount; block += batch)
            {
                var n = (int)Math.Min(batch, geometry.BlockCount - block);
                var data = buffer.AsMemory(0, n * geometry.BlockSize);
                await volume.ReadAsync(block, data, cancellationToken).ConfigureAwait(false);
                for (var i = 0; i < n;)
                {
                    var piece = data.Slice(i * geometry.BlockSize, geometry.BlockSize);
                    if (!piece.Span.ContainsAnyExcept((byte)0))
                    {
                        i++;
                        continue;
                    }

                    var run = 1;
                    while (i + run < n && data.Span.Slice((i + run) * geometry.BlockSize, geometry.BlockSize).ContainsAnyExcept((byte)0))
                    {
                        run++;
                    }

                    await RandomAccess.WriteAsync(output, data.Slice(i * geometry.BlockSize, run * geometry.BlockSize), (block + i) * geometry.BlockSize, cancellationToken).ConfigureAwait(false);
                    written += run * geometry.BlockSize;
                    i += run;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return written;
    }
}
