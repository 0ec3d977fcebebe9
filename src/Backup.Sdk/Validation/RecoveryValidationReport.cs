using System.Text.Json;
using System.Text.Json.Serialization;

namespace Backup.Sdk.Validation;

/// <summary>The outcome of a validation run: the overall status, each validator's result, and the measured recovery time.</summary>
public sealed class RecoveryValidationReport
{
    /// <summary>The format version of the JSON form: 1.</summary>
    public int Version { get; init; } = 1;

    /// <summary>Failed when any validator failed; skipped when every validator skipped; otherwise passed.</summary>
    public required ValidationStatus Status { get; init; }

    /// <summary>The snapshot under test (hex id), or null when the repository has none.</summary>
    public string? SnapshotId { get; init; }

    /// <summary>When the run started.</summary>
    public DateTimeOffset StartedAt { get; init; }

    /// <summary>How long the run took.</summary>
    [JsonIgnore]
    public TimeSpan Duration { get; init; }

    /// <summary><see cref="Duration"/> in seconds (as serialized).</summary>
    public double DurationSeconds => Duration.TotalSeconds;

    /// <summary>The recovery time a restore drill measured in this run, in seconds; null without a drill.</summary>
    public double? RtoSeconds { get; init; }

    /// <summary>The restore throughput that drill measured, in bytes per second; null without a drill.</summary>
    public double? ThroughputBytesPerSecond { get; init; }

    /// <summary>Each validator's result, in the order they ran.</summary>
    public IReadOnlyList<ValidatorResult> Validators { get; init; } = [];

    /// <summary>Every failure of every validator, each prefixed by the validator's name.</summary>
    [JsonIgnore]
    public IEnumerable<string> AllFailures => Validators.SelectMany(v => v.Failures.Select(f => $"{v.Name}: {f.Message}"));

    /// <summary>The report as one JSON document (camelCase, enums as strings).</summary>
    /// <returns>The JSON text.</returns>
    public string ToJson() => JsonSerializer.Serialize(this, ValidationJsonContext.Default.RecoveryValidationReport);
}
