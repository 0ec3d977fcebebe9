namespace Backup.Sdk.Maintenance;

/// <summary>What a prune does (docs/architecture.md, "Prune").</summary>
public sealed class PruneOptions
{
    /// <summary>
    /// The share of unused space allowed to remain in the repository after the prune, in percent of the pack bytes that
    /// remain (used plus unused). Wholly unused packs are always deleted; partly used packs are repacked, the most wasteful
    /// first, until what stays unused is within this share. 0 repacks every partly used pack; 100 repacks none. Default 5.
    /// </summary>
    public double MaxUnusedPercent { get; set; } = 5;

    /// <summary>Plan and report without changing anything (no lock is written either).</summary>
    public bool DryRun { get; set; }

    /// <summary>How many index files, trees and packs are read at once. Default 4.</summary>
    public int MaxConcurrency { get; set; } = 4;

    /// <summary>Throws <see cref="ArgumentException"/> when a value is out of range.</summary>
    public void Validate()
    {
        if (double.IsNaN(MaxUnusedPercent) || MaxUnusedPercent is < 0 or > 100)
        {
            throw new ArgumentException($"{nameof(MaxUnusedPercent)} must be between 0 and 100, not {MaxUnusedPercent}.");
        }

        if (MaxConcurrency is < 1 or > 64)
        {
            throw new ArgumentException($"{nameof(MaxConcurrency)} must be between 1 and 64, not {MaxConcurrency}.");
        }
    }
}
