using System.Buffers;
using System.Threading.Channels;
using Backup.Sdk.Repository;

namespace Backup.Sdk.Volumes.Imaging;

/// <summary>The block pipeline of <see cref="VolumeBackup"/>: one reader, several savers, bounded memory.</summary>
public sealed partial class VolumeBackup
{
    /// <summary>Bytes read at once: many blocks per read, few reads per second.</summary>
    private const int BatchBytes = 2 * 1024 * 1024;

    /// <summary>
    /// Reads the runs in batches of up to 2 MiB (one positioned read each) and hands every batch to one of several savers,
    /// which skip all-zero blocks and store the others as data blobs. The reader stays at most one batch per saver ahead,
    /// so the memory held is bounded by (2 × savers + 1) batches whatever the volume's size. Each block's id is written at
    /// its own index, so the content list keeps block order however the savers interleave.
    /// </summary>
    private async Task ReadBlocksAsync(IBlockVolume source, ContentId[] blocks, List<(long First, long Count)> runs, Counters counters, CancellationToken cancellationToken)
    {
        var blockSize = source.Geometry.BlockSize;
        var batchBlocks = Math.Max(1, BatchBytes / blockSize);

        // One more saver than cores: a saver that filled a pack waits for its upload while the others keep the cores busy.
        var savers = Math.Max(2, Environment.ProcessorCount) + 1;
        var queue = Channel.CreateBounded<Batch>(new BoundedChannelOptions(savers) { SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var workers = new Task[savers];
        for (var i = 0; i < workers.Length; i++)
        {
            workers[i] = Task.Run(() => SaveBatchesAsync(queue.Reader, blocks, blockSize, counters, stop), CancellationToken.None);
        }

        try
        {
            foreach (var (first, count) in runs)
            {
                for (long done = 0; done < count; done += batchBlocks)
                {
                    var n = (int)Math.Min(batchBlocks, count - done);
                    var buffer = ArrayPool<byte>.Shared.Rent(n * blockSize);
                    try
                    {
                        await source.ReadAsync(first + done, buffer.AsMemory(0, n * blockSize), stop.Token).ConfigureAwait(false);
                        counters.AddRead(n);
                        await queue.Writer.WriteAsync(new Batch(first + done, n, buffer), stop.Token).ConfigureAwait(false);
                    }
                    catch
                    {
                        ArrayPool<byte>.Shared.Return(buffer);
                        throw;
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // A saver failed and stopped the run: its exception is rethrown below.
        }
        catch
        {
            await stop.CancelAsync().ConfigureAwait(false);
            throw;
        }
        finally
        {
            queue.Writer.TryComplete();
            try
            {
                await Task.WhenAll(workers).ConfigureAwait(false);
            }
            finally
            {
                while (queue.Reader.TryRead(out var left))
                {
                    ArrayPool<byte>.Shared.Return(left.Buffer);
                }
            }
        }
    }

    private async Task SaveBatchesAsync(ChannelReader<Batch> queue, ContentId[] blocks, int blockSize, Counters counters, CancellationTokenSource stop)
    {
        try
        {
            while (await queue.WaitToReadAsync(stop.Token).ConfigureAwait(false))
            {
                while (queue.TryRead(out var batch))
                {
                    try
                    {
                        for (var i = 0; i < batch.Count; i++)
                        {
                            var data = batch.Buffer.AsMemory(i * blockSize, blockSize);

                            // Vectorised: an all-zero block is a hole and costs nothing.
                            if (data.Span.IndexOfAnyExcept((byte)0) < 0)
                            {
                                blocks[batch.FirstBlock + i] = ContentId.Empty;
                                continue;
                            }

                            var saved = await _repository.Blobs.SaveAsync(BlobType.Data, data, stop.Token).ConfigureAwait(false);
                            blocks[batch.FirstBlock + i] = saved.Id;
                            counters.Add(saved);
                        }
                    }
                    finally
                    {
                        ArrayPool<byte>.Shared.Return(batch.Buffer);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopped by the caller or by another saver's failure.
        }
        catch
        {
            await stop.CancelAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Blocks <see cref="FirstBlock"/> onward, <see cref="Count"/> of them, in a pooled buffer the saver returns.</summary>
    private readonly record struct Batch(long FirstBlock, int Count, byte[] Buffer);
}
