using Backup.Sdk.Storage;

namespace Backup.Sdk.Repository;

/// <summary>Runs the storage chain's <see cref="IConditionalWriteProbe"/>, if it has one, for opening and creating a repository.</summary>
internal static class ConditionalWriteCheck
{
    /// <exception cref="ConditionalWritesIgnoredException">The store ignores conditional writes and the backend requires them.</exception>
    public static async Task<ConditionalWriteSupport> RunAsync(IStorageBackend storage, RepositoryOptions options, CancellationToken cancellationToken)
    {
        if (StorageChain.Find<IConditionalWriteProbe>(storage) is not { } probe)
        {
            return ConditionalWriteSupport.Guaranteed;
        }

        if (!options.DetectConditionalWrites)
        {
            return ConditionalWriteSupport.Unknown;
        }

        try
        {
            return await probe.DetectConditionalWritesAsync(cancellationToken).ConfigureAwait(false)
                ? ConditionalWriteSupport.Honoured
                : ConditionalWriteSupport.Ignored;
        }
        catch (StorageUnavailableException e) when (e is not ConditionalWritesIgnoredException)
        {
            // Read-only credentials cannot write the probe, and a store that is briefly unreachable may still serve the
            // reads that follow: neither is a reason to refuse the repository. A write that needs the store fails on its own.
            return ConditionalWriteSupport.Unknown;
        }
    }
}
