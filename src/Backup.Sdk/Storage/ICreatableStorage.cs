namespace Backup.Sdk.Storage;

/// <summary>
/// A storage backend whose location itself (an S3 bucket, an Azure container) may be missing and can be created, so that
/// creating a repository can create its location first (<c>backup init</c> does).
/// </summary>
public interface ICreatableStorage
{
    /// <summary>Creates the backend's location if it does not exist yet; succeeds when it exists already.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="StorageUnavailableException">The location cannot be created (no permission, unreachable store).</exception>
    Task CreateIfMissingAsync(CancellationToken cancellationToken = default);
}
