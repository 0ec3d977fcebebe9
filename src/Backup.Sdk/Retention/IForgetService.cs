using Backup.Sdk.Repository;

namespace Backup.Sdk.Retention;

/// <summary>Removes snapshot records by retention policy or by id. The data they referred to stays until a prune.</summary>
public interface IForgetService
{
    /// <summary>Selects snapshots, decides which go, reports suspicious snapshot times, and deletes the records (unless a dry run).</summary>
    /// <param name="repository">The opened repository.</param>
    /// <param name="request">What to forget.</param>
    /// <param name="cancellationToken">Cancels the run; records deleted before that stay deleted.</param>
    /// <returns>The decisions, the warnings, and whether anything was deleted.</returns>
    /// <exception cref="ArgumentException">The request is inconsistent, or an id is not an id, a long enough prefix or <c>latest</c>, or is ambiguous.</exception>
    /// <exception cref="ObjectNotFoundException">A named snapshot does not exist.</exception>
    /// <exception cref="RetentionKeepsNothingException">The rules would keep nothing of a group and that was not allowed. Nothing was deleted.</exception>
    Task<ForgetResult> ForgetAsync(BackupRepository repository, ForgetRequest request, CancellationToken cancellationToken = default);
}
