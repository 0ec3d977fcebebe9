using Backup.Sdk.IO;
using Backup.Sdk.Repository.Index;
using Backup.Sdk.Repository.Packs;
using Backup.Sdk.Storage.Caching;

namespace Backup.Sdk.Repository;

/// <summary>Tree reads through the local cache (docs/format.md, "Local cache").</summary>
public sealed partial class BlobStore
{
    /// <summary>Where tree records are cached, when the repository's storage is a <see cref="CachingStorageBackend"/>.</summary>
    internal CachingStorageBackend? RecordCache { get; set; }

    /// <summary>
    /// Reads a tree blob's sealed record from the cache, else from the pack (then caches it). A cached record is opened like
    /// one from the repository (authenticated, its keyed id recomputed); one that does not open is evicted and read again.
    /// </summary>
    private async Task<byte[]> ReadThroughCacheAsync(CachingStorageBackend cache, ContentId id, BlobLocation location, string packName, CancellationToken cancellationToken)
    {
        var record = new byte[location.Length];
        if (await cache.TryReadRecordAsync(packName, location.Offset, record, cancellationToken).ConfigureAwait(false))
        {
            try
            {
                return OpenTreeRecord(id, location, record, packName);
            }
            catch (CorruptObjectException)
            {
                cache.EvictRecord(packName, location.Offset, record.Length);
            }
        }

        await _storage.ReadAsync(packName, location.Offset, record, cancellationToken).ConfigureAwait(false);
        var tree = OpenTreeRecord(id, location, record, packName);
        await cache.StoreRecordAsync(packName, location.Offset, record, cancellationToken).ConfigureAwait(false);
        return tree;
    }

    /// <summary>
    /// Keeps the tree records of a pack just uploaded, so that the next backup (whose parent they are) or listing finds them
    /// without a download. Not opened here: every later read from the cache authenticates them.
    /// </summary>
    private async Task CacheTreeRecordsAsync(FinishedPack pack, CancellationToken cancellationToken)
    {
        if (RecordCache is not { } cache)
        {
            return;
        }

        var packName = PackLayout.NameOf(pack.Id);
        foreach (var entry in pack.Entries)
        {
            if (entry.Type == BlobType.Tree)
            {
                var record = LargeBuffers.Pool.Rent((int)entry.Length);
                try
                {
                    pack.Read(record.AsSpan(0, (int)entry.Length), entry.Offset);
                    await cache.StoreRecordAsync(packName, entry.Offset, record.AsMemory(0, (int)entry.Length), cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    LargeBuffers.Pool.Return(record);
                }
            }
        }
    }

    private byte[] OpenTreeRecord(ContentId id, BlobLocation location, byte[] record, string packName)
    {
        Span<byte> salt = stackalloc byte[ContentId.Size];
        location.PackSalt.WriteTo(salt);
        return PackReader.OpenBlob(_keys, _hasher, salt, BlobType.Tree, id, location.Offset, record, packName);
    }
}
