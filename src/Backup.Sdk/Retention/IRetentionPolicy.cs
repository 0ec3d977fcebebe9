using Backup.Sdk.Repository.Snapshots;

namespace Backup.Sdk.Retention;

/// <summary>Decides which snapshots to keep under a set of rules, and why. Changes nothing: <see cref="IForgetService"/> acts on the plan.</summary>
public interface IRetentionPolicy
{
    /// <summary>Groups <paramref name="snapshots"/> and decides, for each, whether <paramref name="rules"/> keep it.</summary>
    /// <param name="snapshots">The snapshots to decide on, in any order.</param>
    /// <param name="rules">The rules.</param>
    /// <param name="allowKeepNothing">Allow a plan that keeps no snapshot of a group (or empty rules, which keep nothing).</param>
    /// <returns>Every snapshot's decision with its reasons, by group.</returns>
    /// <exception cref="RetentionKeepsNothingException">The rules would keep nothing of a group and <paramref name="allowKeepNothing"/> is not set.</exception>
    /// <exception cref="ArgumentException">The rules are invalid (a negative count, a zero duration).</exception>
    RetentionPlan Apply(IReadOnlyList<Snapshot> snapshots, RetentionRules rules, bool allowKeepNothing = false);
}
