namespace Backup.Sdk.Validation;

/// <summary>
/// One check of whether data can be recovered: the repository's structure, its data, a restore drill, or a host's own
/// check of restored data. A <see cref="RecoveryValidationRunner"/> runs the registered validators in order, sharing one
/// <see cref="RecoveryValidationContext"/>, and gathers their results into a report.
/// </summary>
/// <remarks>
/// Report damage and differences as failures in the result; throw only when the validator itself cannot run (the runner
/// turns such an exception into a failed result). Honour cancellation.
/// </remarks>
public interface IRecoveryValidator
{
    /// <summary>A short, stable name for reports (e.g. <c>structure</c>, <c>restore-drill</c>).</summary>
    string Name { get; }

    /// <summary>Runs the check.</summary>
    /// <param name="context">The repository, the snapshot under test, the options, and what earlier validators left (e.g. restored data).</param>
    /// <param name="cancellationToken">Stops the check.</param>
    /// <returns>What was found.</returns>
    Task<ValidatorResult> ValidateAsync(RecoveryValidationContext context, CancellationToken cancellationToken = default);
}
