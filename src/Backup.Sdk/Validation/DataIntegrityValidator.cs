namespace Backup.Sdk.Validation;

/// <summary>
/// Reads the packs back and authenticates, decompresses and re-hashes every blob in them: all packs, or the
/// <see cref="RecoveryValidationOptions.ReadDataSubset"/> (a random share, or a slice <c>n/m</c> so that m runs read
/// everything once). Each damaged blob is a failure naming its pack, the blob, and the snapshots and paths that need it.
/// </summary>
public sealed class DataIntegrityValidator : IRecoveryValidator
{
    /// <inheritdoc />
    public string Name => "data-integrity";

    /// <inheritdoc />
    public async Task<ValidatorResult> ValidateAsync(RecoveryValidationContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var options = new CheckOptions
        {
            ReadData = true,
            ReadDataSubset = context.Options.ReadDataSubset,
            Random = context.Options.Random,
            MaxConcurrency = Math.Min(context.Options.MaxConcurrency, CheckOptions.MaxAllowedConcurrency),
        };
        var report = await new RepositoryChecker(context.Repository).CheckAsync(options, cancellationToken: cancellationToken).ConfigureAwait(false);
        return CheckFailures.ToResult(Name, report, options.ReadDataSubset is { } subset ? $"data ({subset} of the packs)" : "data (all packs)");
    }
}
