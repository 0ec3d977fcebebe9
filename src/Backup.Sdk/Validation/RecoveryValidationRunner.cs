using System.IO.Abstractions;
using System.Security.Cryptography;
using Backup.Sdk.Repository;
using Backup.Sdk.Repository.Snapshots;

namespace Backup.Sdk.Validation;

/// <summary>
/// Runs recovery validators in order over one repository and gathers a <see cref="RecoveryValidationReport"/>. The defaults
/// (<see cref="CreateDefaultValidators"/>, or <c>AddRecoveryValidation()</c> in DI) are structure, data integrity and a
/// restore drill; a host adds its own (e.g. a <see cref="FunctionalValidator"/>) after them.
/// </summary>
/// <remarks>
/// A validator that throws (other than by cancellation) fails with the exception's message; the others still run. The
/// run's scratch directory (where drills restore) is removed at the end, also on failure or cancellation.
/// </remarks>
public sealed class RecoveryValidationRunner
{
    private readonly IReadOnlyList<IRecoveryValidator> _validators;
    private readonly IFileSystem _fileSystem;

    /// <summary>Creates a runner.</summary>
    /// <param name="validators">The validators, run in this order.</param>
    /// <param name="fileSystem">Makes and removes the scratch directory; the real one when null.</param>
    public RecoveryValidationRunner(IEnumerable<IRecoveryValidator> validators, IFileSystem? fileSystem = null)
    {
        ArgumentNullException.ThrowIfNull(validators);
        _validators = [.. validators];
        _fileSystem = fileSystem ?? new FileSystem();
    }

    /// <summary>The default validators in their order: structure, data integrity, and (on Linux) a restore drill.</summary>
    /// <param name="fileSystem">The file system drills use; the real one when null.</param>
    /// <returns>New validators.</returns>
    public static IReadOnlyList<IRecoveryValidator> CreateDefaultValidators(IFileSystem? fileSystem = null) =>
        OperatingSystem.IsLinux()
            ? [new StructureValidator(), new DataIntegrityValidator(), new RestoreDrillValidator(fileSystem)]
            : [new StructureValidator(), new DataIntegrityValidator()];

    /// <summary>Runs every validator.</summary>
    /// <param name="repository">The repository, with its index loaded (<see cref="BlobStore.LoadIndexAsync"/>).</param>
    /// <param name="options">The options; defaults when null.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <returns>The report.</returns>
    /// <exception cref="ArgumentException">The options are out of range, or the snapshot text is not an id, prefix or <c>latest</c>.</exception>
    /// <exception cref="ObjectNotFoundException">A snapshot named by id does not exist.</exception>
    public async Task<RecoveryValidationReport> RunAsync(BackupRepository repository, RecoveryValidationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repository);
        options ??= new RecoveryValidationOptions();
        options.Validate();
        var time = repository.TimeProvider;
        var startedAt = time.GetUtcNow();
        var started = time.GetTimestamp();
        var snapshot = await ResolveAsync(repository, options.Snapshot, cancellationToken).ConfigureAwait(false);

        var scratchRoot = _fileSystem.Path.GetFullPath(options.ScratchDirectory ?? _fileSystem.Path.GetTempPath());
        var scratch = _fileSystem.Path.Combine(scratchRoot, "backup-validation-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6)));
        _fileSystem.Directory.CreateDirectory(scratch);
        var context = new RecoveryValidationContext(repository, snapshot, options, scratch);
        var results = new List<ValidatorResult>();
        try
        {
            foreach (var validator in _validators)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var validatorStarted = time.GetTimestamp();
                ValidatorResult result;
                try
                {
                    result = await validator.ValidateAsync(context, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    result = new ValidatorResult
                    {
                        Name = validator.Name,
                        Status = ValidationStatus.Failed,
                        Summary = "the validator could not run",
                        Failures = [new ValidationFailure { Message = $"{ex.GetType().Name}: {ex.Message}", ObjectName = (ex as CorruptObjectException)?.ObjectName ?? (ex as ObjectNotFoundException)?.ObjectName }],
                    };
                }

                if (result.Duration == TimeSpan.Zero)
                {
                    result = Timed(result, time.GetElapsedTime(validatorStarted));
                }

                results.Add(result);
            }
        }
        finally
        {
            ScratchCleanup.Remove(_fileSystem, scratch);
        }

        return new RecoveryValidationReport
        {
            Status = Overall(results),
            SnapshotId = snapshot?.Id.ToString(),
            StartedAt = startedAt,
            Duration = time.GetElapsedTime(started),
            RtoSeconds = context.Drill?.RecoveryTime.TotalSeconds,
            ThroughputBytesPerSecond = context.Drill?.ThroughputBytesPerSecond,
            Validators = results,
        };
    }

    private static async Task<Snapshot?> ResolveAsync(BackupRepository repository, string text, CancellationToken cancellationToken)
    {
        try
        {
            var id = await repository.Snapshots.ResolveAsync(text, cancellationToken: cancellationToken).ConfigureAwait(false);
            return await repository.Snapshots.LoadAsync(id, cancellationToken).ConfigureAwait(false);
        }
        catch (ObjectNotFoundException) when (string.Equals(text, SnapshotStore.Latest, StringComparison.OrdinalIgnoreCase))
        {
            return null; // an empty repository: the drill skips, the checks still run
        }
    }

    private static ValidationStatus Overall(List<ValidatorResult> results)
    {
        if (results.Exists(r => r.Status == ValidationStatus.Failed))
        {
            return ValidationStatus.Failed;
        }

        return results.TrueForAll(r => r.Status == ValidationStatus.Skipped) ? ValidationStatus.Skipped : ValidationStatus.Passed;
    }

    private static ValidatorResult Timed(ValidatorResult result, TimeSpan duration) => new()
    {
        Name = result.Name,
        Status = result.Status,
        Summary = result.Summary,
        Failures = result.Failures,
        Measurements = result.Measurements,
        Duration = duration,
    };
}
