using Backup.Sdk.Repository;
using Backup.Sdk.Repository.Index;
using Backup.Sdk.Repository.Packs;
using Backup.Sdk.Repository.Trees;
using Backup.Sdk.Sources.FileSystem;
using Backup.Sdk.Storage;

namespace Backup.Sdk.Validation;

/// <summary>
/// Walks the trees of snapshots: loads each distinct tree once, checks that every blob a tree refers to is listed, and
/// records for every unreadable object the snapshots and paths that need it.
/// </summary>
/// <remarks>
/// A tree whose whole subtree is readable is remembered as clean and skipped when another snapshot reaches it; a tree with
/// damage below it is kept, so that each snapshot that holds it gets its own affected paths without loading it again.
/// </remarks>
internal sealed class SnapshotWalk(BlobStore blobs, IStorageBackend storage, BlobIndex index, ProblemLedger ledger, IReadOnlyDictionary<ContentId, ContentId> unindexedBlobs)
{
    private readonly Dictionary<ContentId, TreeVisit> _visits = [];

    /// <summary>Every blob, data or tree, that a walked tree or snapshot refers to.</summary>
    public HashSet<ContentId> Referenced { get; } = [];

    /// <summary>Distinct trees read.</summary>
    public int TreesChecked { get; private set; }

    public Task WalkAsync(ContentId snapshotId, ContentId rootTree, CancellationToken cancellationToken) =>
        VisitAsync(snapshotId, rootTree, "/", cancellationToken);

    /// <summary>Visits a tree; returns whether anything at or below it is unreadable.</summary>
    private async Task<bool> VisitAsync(ContentId snapshotId, ContentId treeId, string path, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Referenced.Add(treeId);
        var first = !_visits.TryGetValue(treeId, out var visit);
        if (first)
        {
            visit = await LoadAsync(treeId, cancellationToken).ConfigureAwait(false);
            _visits[treeId] = visit;
        }
        else if (visit!.Walking)
        {
            // Only a forged repository can hold a tree that contains itself; never walk into the loop.
            visit.LoadProblem ??= ledger.Add(CheckProblemKind.DamagedTree, "blob/" + treeId, treeId, "the tree contains itself");
            visit.LoadProblem.RecordImpact(snapshotId, path);
            return true;
        }

        if (visit!.LoadProblem is not null && visit.Tree is null)
        {
            visit.LoadProblem.RecordImpact(snapshotId, path);
            return true;
        }

        if (!first && !visit.Dirty)
        {
            return false;
        }

        visit.Walking = true;
        var dirty = await WalkNodesAsync(snapshotId, visit, path, first, cancellationToken).ConfigureAwait(false);
        visit.Walking = false;
        visit.Dirty = dirty;
        if (!dirty)
        {
            visit.Tree = null;
        }

        return dirty;
    }

    private async Task<bool> WalkNodesAsync(ContentId snapshotId, TreeVisit visit, string path, bool first, CancellationToken cancellationToken)
    {
        var dirty = false;
        foreach (var node in visit.Tree!.Nodes)
        {
            var raw = node.RawName;
            var name = node.Name ?? UnixPath.ToDisplayString(raw);
            if (!UnixPath.IsSingleComponent(raw))
            {
                if (first)
                {
                    visit.OwnProblems.Add(ledger.Add(CheckProblemKind.DamagedTree, "blob/" + visit.Id, visit.Id, $"the tree holds an entry named '{name}', which is not a single path component; readers skip it"));
                }

                continue;
            }

            var childPath = path.Length == 1 ? "/" + name : path + "/" + name;
            if (node.Type == NodeType.Directory)
            {
                if (node.Subtree is { } subtree)
                {
                    dirty |= await VisitAsync(snapshotId, subtree, childPath, cancellationToken).ConfigureAwait(false);
                }
                else if (first)
                {
                    visit.OwnProblems.Add(ledger.Add(CheckProblemKind.DamagedTree, "blob/" + visit.Id, visit.Id, $"the directory '{name}' has no subtree"));
                }
            }

            if (node.Content is { } content)
            {
                foreach (var blobId in content)
                {
                    dirty |= CheckData(snapshotId, blobId, childPath);
                }
            }
        }

        foreach (var problem in visit.OwnProblems)
        {
            problem.RecordImpact(snapshotId, path);
        }

        return dirty || visit.OwnProblems.Count > 0;
    }

    private bool CheckData(ContentId snapshotId, ContentId blobId, string path)
    {
        if (Referenced.Add(blobId) && !index.Contains(blobId))
        {
            ledger.SetBadBlob(blobId, ledger.Add(CheckProblemKind.MissingBlob, "blob/" + blobId, blobId, NotListed("data", blobId)));
        }

        if (ledger.TryGetBadBlob(blobId, out var problem))
        {
            problem.RecordImpact(snapshotId, path);
            return true;
        }

        return false;
    }

    private async Task<TreeVisit> LoadAsync(ContentId treeId, CancellationToken cancellationToken)
    {
        var visit = new TreeVisit(treeId);
        if (ledger.TryGetBadBlob(treeId, out var known))
        {
            visit.LoadProblem = known;
            return visit;
        }

        if (!index.TryGet(treeId, out var location))
        {
            visit.LoadProblem = ledger.Add(CheckProblemKind.MissingTree, "blob/" + treeId, treeId, NotListed("tree", treeId));
            ledger.SetBadBlob(treeId, visit.LoadProblem);
            return visit;
        }

        TreesChecked++;
        var packName = PackLayout.NameOf(location.PackId);
        try
        {
            if (location.Type != BlobType.Tree)
            {
                throw new CorruptObjectException(packName, $"the index lists the tree {treeId.ToShortString()} as a data blob");
            }

            var record = new byte[location.Length];
            await storage.ReadAsync(packName, location.Offset, record, cancellationToken).ConfigureAwait(false);
            var entry = new PackBlobEntry(BlobType.Tree, treeId, location.Offset, location.Length);
            var json = blobs.OpenBlobRecord(location.PackSalt.ToArray(), entry, record, packName);
            visit.Tree = TreeStore.Deserialize(json, treeId);
        }
        catch (Exception ex) when (DamageText.IsDamage(ex))
        {
            visit.LoadProblem = ledger.Add(CheckProblemKind.DamagedTree, packName, treeId, DamageText.Describe(ex));
            ledger.SetBadBlob(treeId, visit.LoadProblem);
        }

        return visit;
    }

    private string NotListed(string type, ContentId blobId) =>
        unindexedBlobs.TryGetValue(blobId, out var packId)
            ? $"no index lists this {type} blob; the unindexed pack {PackLayout.NameOf(packId)} holds it (rebuild the index to recover it)"
            : $"no index lists this {type} blob, and no unindexed pack holds it";

    private sealed class TreeVisit(ContentId id)
    {
        public ContentId Id => id;

        public Tree? Tree { get; set; }

        public ProblemLedger.Entry? LoadProblem { get; set; }

        public List<ProblemLedger.Entry> OwnProblems { get; } = [];

        public bool Walking { get; set; }

        public bool Dirty { get; set; }
    }
}
