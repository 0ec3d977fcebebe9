namespace Backup.Sdk.Maintenance;

/// <summary>Frees the space of blobs that no snapshot references.</summary>
public interface IRepositoryPruner
{
    /// <summary>Deletes unused packs, repacks mostly unused ones and rewrites the index, under an exclusive lock.</summary>
    /// <param name="options">The repack threshold and whether to only plan.</param>
    /// <param name="cancellationToken">Stops the prune; the repository stays consistent and a later prune finishes the job.</param>
    Task<PruneResult> PruneAsync(PruneOptions options, CancellationToken cancellationToken = default);
}
