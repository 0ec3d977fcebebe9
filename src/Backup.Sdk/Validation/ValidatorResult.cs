using System.Text.Json.Serialization;

namespace Backup.Sdk.Validation;

/// <summary>The outcome of one validator, or of a whole validation run.</summary>
public enum ValidationStatus
{
    /// <summary>Everything checked was as it should be.</summary>
    Passed,

    /// <summary>Something was missing, damaged or different; see the failures.</summary>
    Failed,

    /// <summary>Nothing to check (e.g. no snapshot to drill, or no restored data for a functional check).</summary>
    Skipped,
}

/// <summary>One thing a validator found wrong, with what it affects when known.</summary>
public sealed class ValidationFailure
{
    /// <summary>What is wrong, in words.</summary>
    public required string Message { get; init; }

    /// <summary>The storage object at fault (e.g. <c>data/ab/ab12…</c>), when known.</summary>
    public string? ObjectName { get; init; }

    /// <summary>The blob at fault, as hex, when the failure is about one blob.</summary>
    public string? BlobId { get; init; }

    /// <summary>The snapshots affected (ids as hex).</summary>
    public IReadOnlyList<string> AffectedSnapshots { get; init; } = [];

    /// <summary>Paths inside the snapshots affected (at most 100 listed).</summary>
    public IReadOnlyList<string> AffectedPaths { get; init; } = [];

    /// <inheritdoc />
    public override string ToString() => Message;
}

/// <summary>What one <see cref="IRecoveryValidator"/> found.</summary>
public sealed class ValidatorResult
{
    /// <summary>The validator's <see cref="IRecoveryValidator.Name"/>.</summary>
    public required string Name { get; init; }

    /// <summary>Passed, failed or skipped.</summary>
    public required ValidationStatus Status { get; init; }

    /// <summary>A one-line summary (what was checked, or why it was skipped).</summary>
    public string Summary { get; init; } = "";

    /// <summary>Every failure found; empty when passed.</summary>
    public IReadOnlyList<ValidationFailure> Failures { get; init; } = [];

    /// <summary>Figures the validator measured, by name (e.g. <c>packsRead</c>, <c>bytesChecked</c>, <c>rtoSeconds</c>).</summary>
    public IReadOnlyDictionary<string, double> Measurements { get; init; } = new Dictionary<string, double>();

    /// <summary>How long the validator ran.</summary>
    [JsonIgnore]
    public TimeSpan Duration { get; init; }

    /// <summary><see cref="Duration"/> in seconds (as serialized).</summary>
    public double DurationSeconds => Duration.TotalSeconds;
}
