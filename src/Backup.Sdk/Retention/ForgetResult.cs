namespace Backup.Sdk.Retention;

/// <summary>What a forget decided and did.</summary>
public sealed class ForgetResult
{
    internal ForgetResult(IReadOnlyList<RetentionGroup> groups, IReadOnlyList<RetentionDecision> keep, IReadOnlyList<RetentionDecision> remove, IReadOnlyList<SuspiciousSnapshot> warnings, bool dryRun)
    {
        Groups = groups;
        Keep = keep;
        Remove = remove;
        Warnings = warnings;
        DryRun = dryRun;
    }

    /// <summary>The policy's decisions by group; empty when snapshots were forgotten by id.</summary>
    public IReadOnlyList<RetentionGroup> Groups { get; }

    /// <summary>The kept snapshots with their reasons, across groups, oldest first; empty when forgetting by id.</summary>
    public IReadOnlyList<RetentionDecision> Keep { get; }

    /// <summary>The removed snapshots (deleted unless <see cref="DryRun"/>), oldest first.</summary>
    public IReadOnlyList<RetentionDecision> Remove { get; }

    /// <summary>Snapshots whose time looks forged or wrong (in the future, or far from when their record was stored). Reported, never acted on.</summary>
    public IReadOnlyList<SuspiciousSnapshot> Warnings { get; }

    /// <summary>Whether nothing was deleted because the request was a dry run.</summary>
    public bool DryRun { get; }
}
