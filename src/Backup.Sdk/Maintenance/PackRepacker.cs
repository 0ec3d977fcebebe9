using System.Collections.Concurrent;
using Backup.Sdk.IO;
using Backup.Sdk.Repository;
using Backup.Sdk.Repository.Index;
using Backup.Sdk.Repository.Packs;
using Backup.Sdk.Storage;

namespace Backup.Sdk.Maintenance;

/// <summary>Copies the used blobs of partly used packs into new packs (each blob opened, checked against its id, sealed anew).</summary>
internal static class PackRepacker
{
    public static async Task<List<IndexedPack>> RepackAsync(BackupRepository repository, IReadOnlyList<RepackItem> items, int maxConcurrency, CancellationToken cancellationToken)
    {
        var written = new ConcurrentBag<IndexedPack>();
        var workers = Math.Min(Math.Min(maxConcurrency, 2), items.Count);
        var tasks = new Task[workers];
        for (var w = 0; w < workers; w++)
        {
            var share = new List<RepackItem>();
            for (var i = w; i < items.Count; i += workers)
            {
                share.Add(items[i]);
            }

            tasks[w] = Task.Run(() => RepackShareAsync(repository, share, written, cancellationToken), cancellationToken);
        }

        await Task.WhenAll(tasks).ConfigureAwait(false);
        return [.. written];
    }

    private static async Task RepackShareAsync(BackupRepository repository, List<RepackItem> share, ConcurrentBag<IndexedPack> written, CancellationToken cancellationToken)
    {
        var blobs = repository.Blobs;
        var writer = blobs.CreatePackWriter();
        try
        {
            foreach (var item in share)
            {
                // One rented buffer per pack read (a pack is read whole once): no new array of a pack's size per pack.
                var packName = PackLayout.NameOf(item.Pack.Id);
                var packLength = checked((int)item.StoredLength);
                var pack = LargeBuffers.Pool.Rent(packLength);
                try
                {
                    await repository.Storage.ReadAsync(packName, 0, pack.AsMemory(0, packLength), cancellationToken).ConfigureAwait(false);
                    foreach (var entry in item.Keep)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        if ((long)entry.Offset + entry.Length > packLength)
                        {
                            throw new CorruptObjectException(packName, $"blob {entry.Id} lies past the end of the pack");
                        }

                        using var content = blobs.OpenRentedBlobRecord(item.Pack.Salt, entry, pack.AsSpan((int)entry.Offset, (int)entry.Length), packName);
                        writer = await AddAsync(repository, writer, entry, content.Memory, written, cancellationToken).ConfigureAwait(false);
                    }
                }
                finally
                {
                    LargeBuffers.Pool.Return(pack);
                }
            }

            if (writer.Count > 0)
            {
                await UploadAsync(repository.Storage, writer, written, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            writer.Dispose();
        }
    }

    /// <summary>Seals one blob into the writer, first uploading the writer's pack when the blob would overflow it; returns the writer to go on with.</summary>
    private static async Task<PackWriter> AddAsync(BackupRepository repository, PackWriter writer, PackBlobEntry entry, ReadOnlyMemory<byte> content, ConcurrentBag<IndexedPack> written, CancellationToken cancellationToken)
    {
        var blobs = repository.Blobs;
        var payload = LargeBuffers.Scratch.Rent(blobs.MaxPayloadLength(content.Length));
        try
        {
            var length = blobs.EncodePayload(content.Span, payload);
            if (writer.Count > 0 && writer.FinishedLengthWith(length) > blobs.PackSize)
            {
                await UploadAsync(repository.Storage, writer, written, cancellationToken).ConfigureAwait(false);
                writer.Dispose();
                writer = blobs.CreatePackWriter();
            }

            writer.Add(entry.Type, entry.Id, payload.AsSpan(0, length), PackWriter.Checksum(content.Span));
            return writer;
        }
        finally
        {
            LargeBuffers.Scratch.Return(payload);
        }
    }

    private static async Task UploadAsync(IStorageBackend storage, PackWriter writer, ConcurrentBag<IndexedPack> written, CancellationToken cancellationToken)
    {
        using var pack = writer.Finish();
        var name = PackLayout.NameOf(pack.Id);
        try
        {
            var content = pack.OpenRead();
            await using (content.ConfigureAwait(false))
            {
                await storage.PutAsync(name, content, PutMode.CreateOnly, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (ObjectAlreadyExistsException)
        {
            var existing = await storage.StatAsync(name, cancellationToken).ConfigureAwait(false);
            if (existing?.Length != pack.Length)
            {
                throw new CorruptObjectException(name, "a different object is stored under this pack's name");
            }
        }

        written.Add(new IndexedPack(pack.Id, pack.Salt, pack.Entries));
    }
}
