using Backup.Sdk.Repository.Snapshots;

namespace Backup.Sdk.Copies;

/// <summary>The destination's snapshots by the origin they record, to find the copy of a source snapshot.</summary>
internal sealed class CopyRegistry
{
    private readonly string _repositoryId;
    private readonly List<Snapshot> _all;
    private readonly Dictionary<(Repository.ContentId, string), Snapshot> _byOrigin = [];

    public CopyRegistry(string repositoryId, IReadOnlyList<Snapshot> snapshots)
    {
        _repositoryId = repositoryId;
        _all = [];
        foreach (var snapshot in snapshots)
        {
            Add(snapshot);
        }
    }

    public IReadOnlyList<Snapshot> All => _all;

    public void Add(Snapshot snapshot)
    {
        _all.Add(snapshot);
        var origin = SnapshotCopier.OriginOf(snapshot, _repositoryId);
        _byOrigin.TryAdd((origin.Snapshot, origin.Repository), snapshot);
    }

    /// <summary>The destination snapshot that is (a copy of) the origin, or <see langword="null"/>.</summary>
    public Snapshot? Find(SnapshotOrigin origin) => _byOrigin.GetValueOrDefault((origin.Snapshot, origin.Repository));
}
