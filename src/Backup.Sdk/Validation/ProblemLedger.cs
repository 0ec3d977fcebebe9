using Backup.Sdk.Repository;
using Backup.Sdk.Repository.Index;

namespace Backup.Sdk.Validation;

/// <summary>
/// The problems of one check as they are found, the blobs each one makes unreadable, and the snapshots and paths that need
/// them. Thread-safe: the pack stages record from parallel workers.
/// </summary>
internal sealed class ProblemLedger
{
    private readonly Lock _lock = new();
    private readonly List<Entry> _entries = [];
    private readonly Dictionary<(ContentId Pack, ContentId Blob), Entry> _badCopies = [];
    private readonly HashSet<ContentId> _packsWithBadCopies = [];
    private Dictionary<ContentId, Entry> _badBlobs = [];

    /// <summary>Records a problem.</summary>
    public Entry Add(CheckProblemKind kind, string objectName, ContentId? blobId, string message)
    {
        var entry = new Entry(kind, objectName, blobId, message);
        lock (_lock)
        {
            _entries.Add(entry);
        }

        return entry;
    }

    /// <summary>Records that the copy of <paramref name="blobId"/> in <paramref name="packId"/> is unreadable because of <paramref name="problem"/>.</summary>
    public void MarkBadCopy(ContentId packId, ContentId blobId, Entry problem)
    {
        lock (_lock)
        {
            _badCopies.TryAdd((packId, blobId), problem);
            _packsWithBadCopies.Add(packId);
        }
    }

    /// <summary>Whether this copy of the blob is already known to be unreadable.</summary>
    public bool IsBadCopy(ContentId packId, ContentId blobId)
    {
        lock (_lock)
        {
            return _badCopies.ContainsKey((packId, blobId));
        }
    }

    /// <summary>Whether any blob copy in the pack is unreadable.</summary>
    public bool HasBadCopies(ContentId packId)
    {
        lock (_lock)
        {
            return _packsWithBadCopies.Contains(packId);
        }
    }

    /// <summary>
    /// Decides which blobs are lost: those whose copy that <paramref name="index"/> serves is bad. Build the index with
    /// healthy packs first, so that a blob with one good copy anywhere is served from it and counts as readable.
    /// </summary>
    public void ResolveBadBlobs(BlobIndex index)
    {
        lock (_lock)
        {
            var bad = new Dictionary<ContentId, Entry>();
            foreach (var ((packId, blobId), problem) in _badCopies)
            {
                if (index.TryGet(blobId, out var location) && location.PackId == packId)
                {
                    bad[blobId] = problem;
                }
            }

            _badBlobs = bad;
        }
    }

    /// <summary>The problem that makes a blob unreadable, if any (after <see cref="ResolveBadBlobs"/>).</summary>
    public bool TryGetBadBlob(ContentId blobId, out Entry problem) => _badBlobs.TryGetValue(blobId, out problem!);

    /// <summary>Records that a blob is unreadable (found by the tree walk: missing from the index, or a damaged tree).</summary>
    public void SetBadBlob(ContentId blobId, Entry problem) => _badBlobs[blobId] = problem;

    /// <summary>The problems, damage first; each with its affected snapshots in id order.</summary>
    public List<CheckProblem> ToProblems()
    {
        lock (_lock)
        {
            var problems = new List<CheckProblem>(_entries.Count);
            foreach (var entry in _entries)
            {
                problems.Add(entry.ToProblem());
            }

            // A stable order: damage before warnings, then by kind and object, so that two checks print alike.
            problems.Sort(static (a, b) =>
            {
                var c = a.Severity.CompareTo(b.Severity);
                c = c != 0 ? c : a.Kind.CompareTo(b.Kind);
                return c != 0 ? c : string.CompareOrdinal(a.ObjectName, b.ObjectName);
            });
            return problems;
        }
    }

    /// <summary>One problem being recorded. Impact is recorded only by the tree walk, which runs on one thread.</summary>
    internal sealed class Entry(CheckProblemKind kind, string objectName, ContentId? blobId, string message)
    {
        private readonly HashSet<ContentId> _snapshots = [];
        private readonly List<string> _paths = [];
        private readonly HashSet<string> _listed = new(StringComparer.Ordinal);
        private long _pathCount;
        private (ContentId Snapshot, string? Path) _last;

        public CheckProblemKind Kind => kind;

        /// <summary>Records that a snapshot needs the object at a path (or as a whole, when <paramref name="path"/> is null).</summary>
        public void RecordImpact(ContentId snapshotId, string? path)
        {
            _snapshots.Add(snapshotId);
            if (path is null || _last == (snapshotId, path))
            {
                // A file holding the same damaged chunk twice is one affected path.
                return;
            }

            _last = (snapshotId, path);

            _pathCount++;
            if (_paths.Count < CheckProblem.MaxListedPaths && _listed.Add(path))
            {
                _paths.Add(path);
            }
        }

        public CheckProblem ToProblem()
        {
            var snapshots = _snapshots.ToList();
            snapshots.Sort();
            return new CheckProblem
            {
                Kind = kind,
                ObjectName = objectName,
                BlobId = blobId,
                Message = message,
                AffectedSnapshots = snapshots,
                AffectedPaths = [.. _paths],
                AffectedPathCount = _pathCount,
            };
        }
    }
}
