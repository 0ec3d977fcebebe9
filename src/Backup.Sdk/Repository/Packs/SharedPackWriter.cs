namespace Backup.Sdk.Repository.Packs;

/// <summary>
/// The one pack being filled, shared by every worker that saves blobs: each reserves its record's place under a short
/// lock, then seals and verifies into the pack concurrently with the others. A blob that would take the pack past its
/// target size closes it; the worker that closed it waits for the seals still running in it, finishes it and uploads it.
/// One pack uploads at a time: a worker whose blob would close the pack while the previous one is still uploading waits
/// for that upload. So saves hold at most two pack files (one filling, one uploading), whatever the number of workers,
/// instead of one filling per worker plus those being uploaded; the packs themselves are in temporary files, not memory.
/// </summary>
internal sealed class SharedPackWriter : IDisposable
{
    private readonly Func<PackWriter> _newWriter;
    private readonly Func<FinishedPack, CancellationToken, Task> _upload;
    private readonly Action<IReadOnlyList<PackBlobEntry>> _dropped;
    private readonly int _packSize;
    private readonly Lock _gate = new();
    private PackWriter? _current;
    private Task _uploading = Task.CompletedTask;

    /// <param name="newWriter">Makes an empty pack writer.</param>
    /// <param name="packSize">The target pack size: a pack is closed before a blob would take it past this.</param>
    /// <param name="upload">Stores a finished pack (and indexes it).</param>
    /// <param name="dropped">Told the entries of a pack that is dropped instead of finished (a blob in it failed verification).</param>
    public SharedPackWriter(Func<PackWriter> newWriter, int packSize, Func<FinishedPack, CancellationToken, Task> upload, Action<IReadOnlyList<PackBlobEntry>> dropped)
    {
        _upload = upload;
        _newWriter = newWriter;
        _dropped = dropped;
        _packSize = packSize;
    }

    /// <summary>
    /// Seals one encoded payload into the shared pack. <paramref name="buffer"/> holds the payload (its first
    /// <paramref name="payloadLength"/> bytes) and room for the tag after it; it is overwritten (the record is sealed and
    /// opened again in place, see <see cref="PackWriter.Seal"/>). When this call closes the previous pack, it waits for
    /// the seals still running in that pack, finishes it and uploads it before it returns. <paramref name="rawScratch"/>, when
    /// not empty, is where verification decompresses the blob (see <see cref="PackWriter.Seal"/>).
    /// </summary>
    /// <exception cref="CorruptObjectException">Verification failed; the blob was not stored.</exception>
    public async Task<PackBlobEntry> AddAsync(BlobType type, ContentId id, Memory<byte> buffer, int payloadLength, Memory<byte> rawScratch, UInt128 checksum, CancellationToken cancellationToken)
    {
        PackWriter writer;
        PackWriter? closed = null;
        TaskCompletionSource? uploaded = null;
        PackBlobEntry entry;
        while (true)
        {
            Task? previousUpload = null;
            lock (_gate)
            {
                _current ??= _newWriter();
                if (_current.Count > 0 && _current.FinishedLengthWith(payloadLength) > _packSize)
                {
                    if (!_uploading.IsCompleted)
                    {
                        // One pack uploads at a time: a full pack waits, rather than a third pack buffer being filled.
                        previousUpload = _uploading;
                    }
                    else
                    {
                        // Closed before a blob would take it past the target, so that a writer's buffer is exactly the
                        // pack size and never grows while others seal into it. A blob larger than a pack gets its own.
                        closed = _current;
                        closed.Close();
                        uploaded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                        _uploading = uploaded.Task;
                        _current = _newWriter();
                    }
                }

                if (previousUpload is null)
                {
                    writer = _current;
                    entry = writer.Reserve(type, id, payloadLength);
                    break;
                }
            }

            // Its failure is its uploader's to report; here it only means that the pack is no longer in memory.
            await previousUpload.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).ConfigureAwait(false);
        }

        try
        {
            writer.Seal(entry, buffer.Span, checksum, rawScratch.Span);
        }
        finally
        {
            if (closed is not null)
            {
                // Stored whether or not this blob failed: other saves have reported their blobs in it as added.
                try
                {
                    await FinishAndUploadAsync(closed, cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    uploaded!.TrySetResult();
                }
            }
        }

        return entry;
    }

    /// <summary>Finishes and uploads the pack being filled, if it holds anything. Call it when no add runs.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        PackWriter? writer;
        lock (_gate)
        {
            writer = _current;
            _current = null;
        }

        if (writer is null || writer.Count == 0)
        {
            writer?.Dispose();
            return;
        }

        writer.Close();
        await FinishAndUploadAsync(writer, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Drops the pack being filled.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _current?.Dispose();
            _current = null;
        }
    }

    private async Task FinishAndUploadAsync(PackWriter closed, CancellationToken cancellationToken)
    {
        FinishedPack pack;
        using (closed)
        {
            await closed.Drained.ConfigureAwait(false);
            try
            {
                pack = closed.Finish();
            }
            catch (CorruptObjectException)
            {
                _dropped(closed.Entries);
                throw;
            }
        }

        using (pack)
        {
            await _upload(pack, cancellationToken).ConfigureAwait(false);
        }
    }
}
