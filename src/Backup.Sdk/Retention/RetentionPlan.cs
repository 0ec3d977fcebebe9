using Backup.Sdk.Repository.Snapshots;

namespace Backup.Sdk.Retention;

/// <summary>What a retention policy decided for one snapshot.</summary>
/// <param name="Snapshot">The snapshot.</param>
/// <param name="Keep">Whether it is kept.</param>
/// <param name="Reasons">Why it is kept (e.g. <c>daily snapshot</c>, <c>within 30d</c>, <c>tag prod</c>); empty when removed.</param>
public sealed record RetentionDecision(Snapshot Snapshot, bool Keep, IReadOnlyList<string> Reasons);

/// <summary>The decisions for one group of snapshots, oldest first.</summary>
/// <param name="Key">What the group's snapshots share.</param>
/// <param name="Decisions">One decision per snapshot of the group, oldest first.</param>
public sealed record RetentionGroup(SnapshotGroupKey Key, IReadOnlyList<RetentionDecision> Decisions)
{
    /// <summary>The kept snapshots' decisions, oldest first.</summary>
    public IReadOnlyList<RetentionDecision> Keep => [.. Decisions.Where(d => d.Keep)];

    /// <summary>The removed snapshots' decisions, oldest first.</summary>
    public IReadOnlyList<RetentionDecision> Remove => [.. Decisions.Where(d => !d.Keep)];
}

/// <summary>A retention policy's decisions, by group. Nothing has changed yet: carrying it out is the forget service's job.</summary>
/// <param name="Groups">The groups, ordered by key.</param>
public sealed record RetentionPlan(IReadOnlyList<RetentionGroup> Groups)
{
    /// <summary>The kept snapshots across all groups, oldest first.</summary>
    public IReadOnlyList<RetentionDecision> Keep => Flatten(keep: true);

    /// <summary>The removed snapshots across all groups, oldest first.</summary>
    public IReadOnlyList<RetentionDecision> Remove => Flatten(keep: false);

    private List<RetentionDecision> Flatten(bool keep)
    {
        var list = new List<RetentionDecision>();
        foreach (var group in Groups)
        {
            list.AddRange(group.Decisions.Where(d => d.Keep == keep));
        }

        list.Sort(static (a, b) => SnapshotOrder.OldestFirst(a.Snapshot, b.Snapshot));
        return list;
    }
}
