namespace Backup.Sdk.Validation;

/// <summary>
/// The structure check (<see cref="RepositoryChecker"/> without reading data): every index, pack header, snapshot and
/// tree loads, and every blob a snapshot needs is listed and present. Cheap; proves nothing is missing, not that bytes are intact.
/// </summary>
public sealed class StructureValidator : IRecoveryValidator
{
    /// <inheritdoc />
    public string Name => "structure";

    /// <inheritdoc />
    public async Task<ValidatorResult> ValidateAsync(RecoveryValidationContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var report = await new RepositoryChecker(context.Repository)
            .CheckAsync(new CheckOptions { MaxConcurrency = Math.Min(context.Options.MaxConcurrency, CheckOptions.MaxAllowedConcurrency) }, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        return CheckFailures.ToResult(Name, report, "structure");
    }
}
