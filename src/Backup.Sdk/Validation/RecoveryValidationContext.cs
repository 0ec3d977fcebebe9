using Backup.Sdk.Repository;
using Backup.Sdk.Repository.Snapshots;

namespace Backup.Sdk.Validation;

/// <summary>What the validators of one run share: the repository, the snapshot under test, the options, and what earlier validators left for later ones.</summary>
public sealed class RecoveryValidationContext
{
    /// <summary>Creates a context.</summary>
    /// <param name="repository">The repository, with its index loaded.</param>
    /// <param name="snapshot">The snapshot under test, or null when the repository has none.</param>
    /// <param name="options">The run's options.</param>
    /// <param name="scratchDirectory">A fresh directory for this run, removed when it ends.</param>
    public RecoveryValidationContext(BackupRepository repository, Snapshot? snapshot, RecoveryValidationOptions options, string scratchDirectory)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(scratchDirectory);
        Repository = repository;
        Snapshot = snapshot;
        Options = options;
        ScratchDirectory = scratchDirectory;
    }

    /// <summary>The repository, with its index loaded.</summary>
    public BackupRepository Repository { get; }

    /// <summary>The snapshot under test (<see cref="RecoveryValidationOptions.Snapshot"/>), or null when the repository has none.</summary>
    public Snapshot? Snapshot { get; }

    /// <summary>The run's options.</summary>
    public RecoveryValidationOptions Options { get; }

    /// <summary>A fresh directory for this run; everything in it is removed when the run ends.</summary>
    public string ScratchDirectory { get; }

    /// <summary>
    /// The directory a restore drill restored the snapshot into (its root <c>/</c>), for later validators such as a
    /// functional check; null until a drill has run. Removed when the run ends.
    /// </summary>
    public string? RestoredDirectory { get; set; }

    /// <summary>The last drill's outcome in this run, null until a drill has run.</summary>
    public DrillResult? Drill { get; set; }
}
