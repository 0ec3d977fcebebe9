namespace Backup.Sdk.Backups;

/// <summary>None of the paths given to a backup exists (or none could be read): there is nothing to make a snapshot of.</summary>
public sealed class BackupSourceNotFoundException : BackupException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="paths">The paths that were given.</param>
    public BackupSourceNotFoundException(IReadOnlyList<string> paths)
        : base($"Nothing to back up: none of the paths could be read ({string.Join(", ", paths ?? [])}).")
    {
        Paths = paths ?? [];
    }

    /// <summary>The paths that were given.</summary>
    public IReadOnlyList<string> Paths { get; }
}
