using Backup.Sdk.Repository;

namespace Backup.Sdk.DependencyInjection;

/// <summary>Opens the configured repository once and hands the same opened instance to every caller.</summary>
public interface IBackupRepositoryProvider
{
    /// <summary>
    /// Returns the opened repository, opening it on the first call: with the configured password, and with its blob index
    /// loaded so that it is ready for reads and deduplication (do not call <see cref="BlobStore.LoadIndexAsync"/> again).
    /// A failed open is not remembered; the next call tries again. The container disposes the repository.
    /// </summary>
    /// <param name="cancellationToken">Cancels the open.</param>
    /// <exception cref="RepositoryNotFoundException">No repository at the configured location.</exception>
    /// <exception cref="WrongPasswordException">The password opens no key.</exception>
    Task<BackupRepository> OpenAsync(CancellationToken cancellationToken = default);
}
