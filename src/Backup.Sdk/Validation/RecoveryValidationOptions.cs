namespace Backup.Sdk.Validation;

/// <summary>Options of a validation run (<see cref="RecoveryValidationRunner"/>).</summary>
public sealed class RecoveryValidationOptions
{
    /// <summary>The snapshot a restore drill restores: an id, a prefix, or <c>latest</c> (the default).</summary>
    public string Snapshot { get; set; } = "latest";

    /// <summary>Which packs the data-integrity validator reads; <see langword="null"/> (the default) reads them all.</summary>
    public DataSubset? ReadDataSubset { get; set; }

    /// <summary>The share of the snapshot's files a drill restores (more than 0, at most 1; default 1, all).</summary>
    public double DrillSample { get; set; } = 1;

    /// <summary>Where drills restore to (a fresh directory below it, removed at the end). Default: the temporary directory.</summary>
    public string? ScratchDirectory { get; set; }

    /// <summary>Whether a drill's outcome is stored in the repository (<see cref="DrillRecord"/>) for <c>status</c>. Default true.</summary>
    public bool RecordDrills { get; set; } = true;

    /// <summary>How many packs or files are worked on at once. Default: the processor count, at least 2.</summary>
    public int MaxConcurrency { get; set; } = Math.Max(2, Environment.ProcessorCount);

    /// <summary>The randomness random subsets and samples draw from; <see cref="Random.Shared"/> when null.</summary>
    public Random? Random { get; set; }

    /// <summary>Checks the values.</summary>
    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Snapshot);
        if (double.IsNaN(DrillSample) || DrillSample <= 0 || DrillSample > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(DrillSample), DrillSample, "The sample must be more than 0 and at most 1.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(MaxConcurrency, 1, nameof(MaxConcurrency));
    }
}
