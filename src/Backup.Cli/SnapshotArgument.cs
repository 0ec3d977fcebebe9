using Backup.Sdk;
using Backup.Sdk.Repository;
using Backup.Sdk.Repository.Snapshots;

namespace Backup.Cli;

/// <summary>
/// Turns a <c>&lt;snapshot&gt;</c> argument (a full id, a unique prefix of at least 8 hex characters, or <c>latest</c>) into
/// the loaded snapshot. A prefix that is too short or ambiguous is a usage error (exit 2, from the SDK's
/// <see cref="ArgumentException"/>); a snapshot that does not exist is a failure (exit 1) with a message that names it.
/// </summary>
internal static class SnapshotArgument
{
    public static async Task<Snapshot> LoadAsync(BackupRepository repository, string text, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repository);
        try
        {
            var id = await repository.Snapshots.ResolveAsync(text, cancellationToken: cancellationToken).ConfigureAwait(false);
            return await repository.Snapshots.LoadAsync(id, cancellationToken).ConfigureAwait(false);
        }
        catch (ArgumentException ex)
        {
            throw new CliUsageException(UsageMessage(ex), ex);
        }
        catch (ObjectNotFoundException ex)
        {
            var what = string.Equals(text, SnapshotStore.Latest, StringComparison.OrdinalIgnoreCase)
                ? "The repository has no snapshots."
                : $"No snapshot matches '{text}'.";
            throw new BackupException(what, ex);
        }
    }

    /// <summary>The message of an SDK argument error without the parameter name, which means nothing to a user of the CLI.</summary>
    public static string UsageMessage(ArgumentException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception.ParamName is null
            ? exception.Message
            : exception.Message.Replace($" (Parameter '{exception.ParamName}')", "", StringComparison.Ordinal);
    }
}
