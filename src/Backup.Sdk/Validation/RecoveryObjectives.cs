namespace Backup.Sdk.Validation;

/// <summary>
/// The recovery objectives a repository is held to: how old the newest snapshot of each group may be (recovery point
/// objective, RPO) and how long restoring it may take (recovery time objective, RTO). <see cref="RecoveryStatusReader"/>
/// reports against them. Either may be left unset; it is then reported but not judged.
/// </summary>
public sealed class RecoveryObjectives
{
    /// <summary>The greatest age the newest snapshot of each group (host and paths) may have, e.g. 24 hours.</summary>
    public TimeSpan? RecoveryPointObjective { get; set; }

    /// <summary>The longest a restore of the newest snapshot may take, e.g. 4 hours.</summary>
    public TimeSpan? RecoveryTimeObjective { get; set; }

    /// <summary>Checks the values.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An objective is zero or negative.</exception>
    public void Validate()
    {
        if (RecoveryPointObjective is { } rpo && rpo <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(RecoveryPointObjective), rpo, "The recovery point objective must be positive.");
        }

        if (RecoveryTimeObjective is { } rto && rto <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(RecoveryTimeObjective), rto, "The recovery time objective must be positive.");
        }
    }
}
