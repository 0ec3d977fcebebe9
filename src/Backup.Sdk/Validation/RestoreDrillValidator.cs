using System.Globalization;
using System.IO.Abstractions;
using System.Runtime.Versioning;

namespace Backup.Sdk.Validation;

/// <summary>
/// A <see cref="RestoreDrill"/> of the run's snapshot (or a sample of its files) into the run's scratch directory. The
/// restored data stays until the run ends, as <see cref="RecoveryValidationContext.RestoredDirectory"/>, for functional
/// checks; the measured recovery time and throughput go into the report and, unless turned off, into the repository.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class RestoreDrillValidator : IRecoveryValidator
{
    private readonly IFileSystem? _fileSystem;

    /// <summary>Creates the validator.</summary>
    /// <param name="fileSystem">Makes and removes the scratch directories; the real one when null.</param>
    public RestoreDrillValidator(IFileSystem? fileSystem = null) => _fileSystem = fileSystem;

    /// <inheritdoc />
    public string Name => "restore-drill";

    /// <inheritdoc />
    public async Task<ValidatorResult> ValidateAsync(RecoveryValidationContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Snapshot is not { } snapshot)
        {
            return new ValidatorResult { Name = Name, Status = ValidationStatus.Skipped, Summary = "the repository has no snapshot to restore" };
        }

        var options = new DrillOptions
        {
            ScratchDirectory = context.ScratchDirectory,
            Sample = context.Options.DrillSample,
            Seed = context.Options.Random?.Next(),
            KeepRestoredData = true,
            Record = context.Options.RecordDrills,
            MaxConcurrency = context.Options.MaxConcurrency,
        };
        var drill = await new RestoreDrill(context.Repository, _fileSystem).RunAsync(snapshot, options, cancellationToken).ConfigureAwait(false);
        context.Drill = drill;
        context.RestoredDirectory = drill.RestoredDirectory;
        return new ValidatorResult
        {
            Name = Name,
            Status = drill.Status,
            Summary = string.Create(CultureInfo.InvariantCulture, $"restored {drill.FilesChecked} files ({drill.BytesRestored} bytes) of snapshot {snapshot.Id.ToShortString()} in {drill.RecoveryTime.TotalSeconds:0.###} s; {drill.Failures.Count} failures"),
            Failures = drill.Failures,
            Duration = drill.RecoveryTime + drill.VerifyTime,
            Measurements = new Dictionary<string, double>
            {
                ["filesChecked"] = drill.FilesChecked,
                ["bytesChecked"] = drill.BytesChecked,
                ["rtoSeconds"] = drill.RecoveryTime.TotalSeconds,
                ["verifySeconds"] = drill.VerifyTime.TotalSeconds,
                ["throughputBytesPerSecond"] = drill.ThroughputBytesPerSecond,
                ["sample"] = drill.Sample,
            },
        };
    }
}
