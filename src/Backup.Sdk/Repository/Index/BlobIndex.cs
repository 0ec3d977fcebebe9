using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Backup.Sdk.Repository.Packs;

namespace Backup.Sdk.Repository.Index;

/// <summary>Where a blob is stored.</summary>
/// <param name="PackId">The pack holding the blob.</param>
/// <param name="PackSalt">The pack's key salt.</param>
/// <param name="Type">The blob type.</param>
/// <param name="Offset">The record offset in the pack.</param>
/// <param name="Length">The record length (ciphertext and tag).</param>
internal readonly record struct BlobLocation(ContentId PackId, ContentId PackSalt, BlobType Type, uint Offset, uint Length);

/// <summary>
/// The in-memory index: blob id to pack, offset and length, at 44 bytes per blob (docs/format.md, "In-memory index").
/// Thread-safe.
/// </summary>
/// <remarks>
/// Entries live in one sorted array searched by binary search, plus a small hash map of recent additions that is merged
/// into the array when it grows, so that the steady state costs exactly <see cref="BytesPerBlob"/> per blob.
/// </remarks>
internal sealed class BlobIndex
{
    private const uint TreeFlag = 0x8000_0000;
    private const int MergeThreshold = 1 << 16;

    private readonly Lock _lock = new();
    private readonly List<(ContentId Id, ContentId Salt)> _packs = [];
    private readonly Dictionary<ContentId, Entry> _recent = [];
    private Entry[] _sorted = [];

    /// <summary>The bytes each blob costs in the sorted array.</summary>
    public static int BytesPerBlob => Unsafe.SizeOf<Entry>();

    /// <summary>The number of distinct blobs.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _sorted.Length + _recent.Count;
            }
        }
    }

    /// <summary>The number of packs.</summary>
    public int PackCount
    {
        get
        {
            lock (_lock)
            {
                return _packs.Count;
            }
        }
    }

    /// <summary>Adds the blobs of packs. A pack already known is ignored; a blob already known keeps its first location.</summary>
    public void Add(IEnumerable<IndexedPack> packs)
    {
        ArgumentNullException.ThrowIfNull(packs);
        lock (_lock)
        {
            foreach (var pack in packs)
            {
                // A pack listed by two index files (as between a prune's new index and the old one's deletion) is taken once.
                // Its first blob tells: a pack whose first blob already points into it is known. This keeps the pack table
                // free of a hash set, at 64 bytes a pack.
                if (pack.Blobs.Count == 0 || (TryGetLocked(pack.Blobs[0].Id, out var known) && known.PackId == pack.Id))
                {
                    continue;
                }

                var ordinal = (uint)_packs.Count;
                _packs.Add((pack.Id, new ContentId(pack.Salt)));
                foreach (var blob in pack.Blobs)
                {
                    if (Find(blob.Id) < 0)
                    {
                        _recent.TryAdd(blob.Id, new Entry(blob.Id, ordinal, blob.Offset, blob.Length | (blob.Type == BlobType.Tree ? TreeFlag : 0)));
                    }
                }
            }

            if (_recent.Count >= MergeThreshold)
            {
                MergeRecent();
            }
        }
    }

    /// <summary>Forgets every entry and adds the blobs of <paramref name="packs"/>.</summary>
    public void Reset(IEnumerable<IndexedPack> packs)
    {
        lock (_lock)
        {
            _packs.Clear();
            _recent.Clear();
            _sorted = [];
        }

        Add(packs);
    }

    /// <summary>Whether the blob is known.</summary>
    public bool Contains(ContentId id) => TryGet(id, out _);

    /// <summary>Finds a blob.</summary>
    public bool TryGet(ContentId id, out BlobLocation location)
    {
        lock (_lock)
        {
            return TryGetLocked(id, out location);
        }
    }

    private bool TryGetLocked(ContentId id, out BlobLocation location)
    {
        Entry entry;
        var at = Find(id);
        if (at >= 0)
        {
            entry = _sorted[at];
        }
        else if (!_recent.TryGetValue(id, out entry))
        {
            location = default;
            return false;
        }

        var (packId, salt) = _packs[(int)entry.Pack];
        var type = (entry.LengthAndType & TreeFlag) != 0 ? BlobType.Tree : BlobType.Data;
        location = new BlobLocation(packId, salt, type, entry.Offset, entry.LengthAndType & ~TreeFlag);
        return true;
    }

    /// <summary>A copy of every blob id with its location, grouped by nothing in particular.</summary>
    public List<(ContentId BlobId, BlobLocation Location)> Snapshot()
    {
        lock (_lock)
        {
            MergeRecent();
            var all = new List<(ContentId, BlobLocation)>(_sorted.Length);
            foreach (var entry in _sorted)
            {
                var (packId, salt) = _packs[(int)entry.Pack];
                var type = (entry.LengthAndType & TreeFlag) != 0 ? BlobType.Tree : BlobType.Data;
                all.Add((entry.Id, new BlobLocation(packId, salt, type, entry.Offset, entry.LengthAndType & ~TreeFlag)));
            }

            return all;
        }
    }

    private int Find(ContentId id)
    {
        var low = 0;
        var high = _sorted.Length - 1;
        while (low <= high)
        {
            var mid = low + ((high - low) >> 1);
            var c = _sorted[mid].Id.CompareTo(id);
            if (c == 0)
            {
                return mid;
            }

            if (c < 0)
            {
                low = mid + 1;
            }
            else
            {
                high = mid - 1;
            }
        }

        return -1;
    }

    private void MergeRecent()
    {
        if (_recent.Count == 0)
        {
            return;
        }

        var added = new Entry[_recent.Count];
        _recent.Values.CopyTo(added, 0);
        Array.Sort(added, static (x, y) => x.Id.CompareTo(y.Id));
        var merged = new Entry[_sorted.Length + added.Length];
        int i = 0, j = 0, k = 0;
        while (i < _sorted.Length && j < added.Length)
        {
            merged[k++] = _sorted[i].Id.CompareTo(added[j].Id) <= 0 ? _sorted[i++] : added[j++];
        }

        while (i < _sorted.Length)
        {
            merged[k++] = _sorted[i++];
        }

        while (j < added.Length)
        {
            merged[k++] = added[j++];
        }

        _sorted = merged;
        _recent.Clear();
    }

    [StructLayout(LayoutKind.Sequential, Pack = 4)]
    private readonly struct Entry(ContentId id, uint pack, uint offset, uint lengthAndType)
    {
        public readonly ContentId Id = id;
        public readonly uint Pack = pack;
        public readonly uint Offset = offset;
        public readonly uint LengthAndType = lengthAndType;
    }
}
