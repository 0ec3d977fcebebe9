namespace Backup.Sdk.Validation;

/// <summary>
/// A host's own check of restored data (open the restored database and run a query, parse a restored config…), run after
/// a restore drill against <see cref="RecoveryValidationContext.RestoredDirectory"/>. Skipped when no drill restored
/// anything in the run. For more control, implement <see cref="IRecoveryValidator"/> directly.
/// </summary>
public sealed class FunctionalValidator : IRecoveryValidator
{
    private readonly Func<string, RecoveryValidationContext, CancellationToken, Task<IReadOnlyList<string>>> _check;

    /// <summary>Creates the validator.</summary>
    /// <param name="name">The name in reports.</param>
    /// <param name="check">
    /// The check: given the directory the snapshot was restored into (its root <c>/</c>, so a backup of <c>/data/db</c> is
    /// at <c>&lt;dir&gt;/data/db</c>) and the context, returns what is wrong; an empty list passes.
    /// </param>
    public FunctionalValidator(string name, Func<string, RecoveryValidationContext, CancellationToken, Task<IReadOnlyList<string>>> check)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(check);
        Name = name;
        _check = check;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public async Task<ValidatorResult> ValidateAsync(RecoveryValidationContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.RestoredDirectory is not { } restored)
        {
            return new ValidatorResult { Name = Name, Status = ValidationStatus.Skipped, Summary = "no restored data: run a restore drill before this check" };
        }

        var problems = await _check(restored, context, cancellationToken).ConfigureAwait(false);
        return new ValidatorResult
        {
            Name = Name,
            Status = problems.Count == 0 ? ValidationStatus.Passed : ValidationStatus.Failed,
            Summary = problems.Count == 0 ? "the restored data passed the check" : $"{problems.Count} problems in the restored data",
            Failures = [.. problems.Select(p => new ValidationFailure { Message = p })],
        };
    }
}
