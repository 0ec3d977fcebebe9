namespace Backup.Sdk.Copies;

/// <summary>Judges whether each snapshot exists in enough copies, on enough media, with enough off site (the 3-2-1 rule).</summary>
public interface ICopyRuleEvaluator
{
    /// <summary>
    /// Lists the snapshots of every repository, matches them across repositories (by the <c>original</c> record a copy
    /// carries, else by the snapshot's own id and repository) and judges each snapshot and each group's newest snapshot.
    /// </summary>
    /// <param name="source">The live data's placement; it counts as one copy of every snapshot.</param>
    /// <param name="repositories">The repositories the host uses (the primary one first).</param>
    /// <param name="rule">The rule; 3-2-1 when null.</param>
    /// <param name="cancellationToken">Stops the evaluation.</param>
    /// <returns>The <c>copies</c> section of the status report.</returns>
    Task<CopiesSection> EvaluateAsync(CopyPlacement source, IReadOnlyList<PlacedRepository> repositories, CopyRule? rule = null, CancellationToken cancellationToken = default);
}
