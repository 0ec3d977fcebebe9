namespace Backup.Sdk.Storage;

/// <summary>
/// A storage backend that can check whether its store really refuses a conditional write (<c>If-None-Match: *</c>) over an
/// existing object, rather than trusting the store to. Object-store backends implement it (S3, Azure Blob); backends that
/// keep <see cref="PutMode.CreateOnly"/> atomic by themselves (local, in-memory) do not need to.
/// </summary>
/// <remarks>
/// <see cref="Repository.BackupRepository"/> runs the probe when a repository is opened or created and reports the outcome
/// as <see cref="Repository.BackupRepository.ConditionalWrites"/>. It finds the probe through decorators that implement
/// <see cref="IStorageBackendDecorator"/>, outermost first, so a decorator may implement this interface itself to intercept it.
/// </remarks>
public interface IConditionalWriteProbe
{
    /// <summary>
    /// Checks whether create-only puts through this backend are refused by the store itself: typically by writing a probe
    /// object under a dot-folder (never listed), writing it again conditionally and deleting it. An implementation should
    /// run the probe once and remember the outcome.
    /// </summary>
    /// <param name="cancellationToken">Cancels waiting for the outcome.</param>
    /// <returns>
    /// <see langword="true"/> when the store refused the conditional write over the existing object, as it should;
    /// <see langword="false"/> when it accepted it (or the backend is set not to use conditional writes), so that
    /// create-only puts fall back to check-then-put, which is not atomic against writers in other processes.
    /// </returns>
    /// <exception cref="ConditionalWritesIgnoredException">The store ignores conditional writes and the backend's options require them.</exception>
    /// <exception cref="StorageUnavailableException">The probe could not run (no write permission, the store unreachable).</exception>
    Task<bool> DetectConditionalWritesAsync(CancellationToken cancellationToken = default);
}
