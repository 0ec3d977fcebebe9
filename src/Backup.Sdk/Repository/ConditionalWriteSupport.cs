namespace Backup.Sdk.Repository;

/// <summary>
/// Whether the repository's store refuses a create-only write over an existing object by itself, as found when the
/// repository was opened or created (<see cref="BackupRepository.ConditionalWrites"/>). Only <c>init</c> depends on it:
/// every other object is named by its content or by a random id (docs/guides/storage-backends.md, "What create-only means
/// on each store").
/// </summary>
public enum ConditionalWriteSupport
{
    /// <summary>
    /// Not known: the probe could not run (e.g. read-only credentials, an unreachable store), or was skipped
    /// (<see cref="RepositoryOptions.DetectConditionalWrites"/>). Create-only puts behave as the backend decides.
    /// </summary>
    Unknown = 0,

    /// <summary>The backend keeps create-only atomic itself and has no probe (local directory, in-memory).</summary>
    Guaranteed = 1,

    /// <summary>The probe found that the store refuses a conditional write over an existing object: racing create-only puts have exactly one winner.</summary>
    Honoured = 2,

    /// <summary>
    /// The store accepted a conditional write over an existing object (or the backend is set not to send one): create-only
    /// puts check, then put, so two <c>init</c>s racing from different machines could both succeed. Everything else is safe.
    /// </summary>
    Ignored = 3,
}
