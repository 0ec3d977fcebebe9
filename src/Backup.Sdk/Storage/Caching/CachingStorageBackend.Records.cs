using System.Globalization;
using Backup.Sdk.Repository;

namespace Backup.Sdk.Storage.Caching;

/// <summary>
/// Cached ranges of packs: the sealed records of tree blobs, which share packs with data blobs. A pack is named by the
/// SHA-256 of its bytes, so a range of it never changes; the bytes are kept sealed (encrypted) and the blob store
/// authenticates each one and recomputes its keyed id on every use, exactly as for a record read from the repository.
/// </summary>
public sealed partial class CachingStorageBackend
{
    private const string RecordFolder = "trees";

    /// <summary>Reads a cached pack range into <paramref name="destination"/>; false when not cached or of the wrong size.</summary>
    internal async Task<bool> TryReadRecordAsync(string packName, long offset, Memory<byte> destination, CancellationToken cancellationToken)
    {
        if (RecordNameOf(packName, offset, destination.Length) is not { } name
            || await _cache.TryReadAsync(name, cancellationToken).ConfigureAwait(false) is not { } cached)
        {
            Interlocked.Increment(ref _misses);
            return false;
        }

        if (cached.Length != destination.Length)
        {
            _cache.TryDelete(name);
            Interlocked.Increment(ref _misses);
            return false;
        }

        cached.CopyTo(destination);
        Interlocked.Increment(ref _hits);
        return true;
    }

    /// <summary>Keeps a pack range that was read from the repository and opened successfully.</summary>
    internal Task StoreRecordAsync(string packName, long offset, ReadOnlyMemory<byte> record, CancellationToken cancellationToken) =>
        RecordNameOf(packName, offset, record.Length) is { } name ? _cache.TryWriteAsync(name, record, cancellationToken) : Task.CompletedTask;

    /// <summary>Drops a cached range that did not open (flipped or torn on disk).</summary>
    internal void EvictRecord(string packName, long offset, int length)
    {
        if (RecordNameOf(packName, offset, length) is { } name)
        {
            _cache.TryDelete(name);
        }
    }

    private static string? RecordNameOf(string packName, long offset, int length) =>
        PackIdOf(packName) is { } pack
            ? string.Create(CultureInfo.InvariantCulture, $"{RecordFolder}/{pack}/{offset}-{length}")
            : null;

    /// <summary>The pack id of <c>data/ab/&lt;id&gt;</c>, or <see langword="null"/> for any other name.</summary>
    private static string? PackIdOf(string name)
    {
        if (!name.StartsWith("data/", StringComparison.Ordinal))
        {
            return null;
        }

        var last = name[(name.LastIndexOf('/') + 1)..];
        return ContentId.TryParse(last, out _) ? last : null;
    }
}
