using System.IO.Abstractions;
using System.Runtime.Versioning;
using System.Security.Cryptography;
using Backup.Sdk.Repository;
using Backup.Sdk.Repository.Snapshots;
using Backup.Sdk.Restore;

namespace Backup.Sdk.Validation;

/// <summary>Options of a <see cref="RestoreDrill"/>.</summary>
public sealed class DrillOptions
{
    /// <summary>Where to restore: a fresh directory is made below it and removed afterwards. Default: the temporary directory.</summary>
    public string? ScratchDirectory { get; set; }

    /// <summary>The share of the snapshot's regular files restored (more than 0, at most 1; default 1). Directories and links are always restored.</summary>
    public double Sample { get; set; } = 1;

    /// <summary>Varies which files a sample takes; the same seed takes the same files. Default: random.</summary>
    public int? Seed { get; set; }

    /// <summary>Whether to keep the restored data (for a functional check); the caller then removes <see cref="DrillResult.RestoredDirectory"/>.</summary>
    public bool KeepRestoredData { get; set; }

    /// <summary>Whether to store the outcome in the repository as a <see cref="DrillRecord"/> (default true).</summary>
    public bool Record { get; set; } = true;

    /// <summary>How many files are written and compared at once. Default: the processor count, at least 2.</summary>
    public int MaxConcurrency { get; set; } = Math.Max(2, Environment.ProcessorCount);
}

/// <summary>The outcome of a restore drill.</summary>
public sealed class DrillResult
{
    /// <summary>Passed when everything restored and matched; failed otherwise.</summary>
    public required ValidationStatus Status { get; init; }

    /// <summary>The snapshot restored.</summary>
    public required ContentId SnapshotId { get; init; }

    /// <summary>When the drill started.</summary>
    public DateTimeOffset StartedAt { get; init; }

    /// <summary>The share of files restored.</summary>
    public double Sample { get; init; } = 1;

    /// <summary>Regular files restored and compared byte for byte.</summary>
    public long FilesChecked { get; init; }

    /// <summary>Bytes of content compared.</summary>
    public long BytesChecked { get; init; }

    /// <summary>Bytes of content restored.</summary>
    public long BytesRestored { get; init; }

    /// <summary>The measured recovery time: planning and writing the restore (verification not included).</summary>
    public TimeSpan RecoveryTime { get; init; }

    /// <summary>How long comparing the restored data with the snapshot took.</summary>
    public TimeSpan VerifyTime { get; init; }

    /// <summary>Bytes restored per second of <see cref="RecoveryTime"/>.</summary>
    public double ThroughputBytesPerSecond { get; init; }

    /// <summary>Every failure: objects missing or damaged, entries not restored, differences found.</summary>
    public IReadOnlyList<ValidationFailure> Failures { get; init; } = [];

    /// <summary>Where the data was restored, when kept (<see cref="DrillOptions.KeepRestoredData"/>); otherwise null (removed).</summary>
    public string? RestoredDirectory { get; init; }

    /// <summary>The stored record's id, when recorded.</summary>
    public ContentId? RecordId { get; init; }
}

/// <summary>
/// A restore drill: restores a snapshot (or a sample of its files) into a scratch directory, compares every restored byte
/// and the metadata with the snapshot (type, size, mode, owner when privileged, mtime, link targets, hard links), measures
/// the recovery time and throughput, records the outcome in the repository, and removes what it restored.
/// </summary>
/// <remarks>The repository's index must be loaded. Damage (a missing or altered object) makes the drill fail with a failure naming the object; it is not thrown.</remarks>
[SupportedOSPlatform("linux")]
public sealed class RestoreDrill
{
    private readonly BackupRepository _repository;
    private readonly IFileSystem _fileSystem;

    /// <summary>Creates a drill over an opened repository.</summary>
    /// <param name="repository">The repository, with its index loaded.</param>
    /// <param name="fileSystem">Makes and removes the scratch directory; the real one when null.</param>
    public RestoreDrill(BackupRepository repository, IFileSystem? fileSystem = null)
    {
        ArgumentNullException.ThrowIfNull(repository);
        _repository = repository;
        _fileSystem = fileSystem ?? new FileSystem();
    }

    /// <summary>Runs the drill.</summary>
    /// <param name="snapshot">The snapshot to restore.</param>
    /// <param name="options">Sample, scratch directory, recording.</param>
    /// <param name="cancellationToken">Stops the drill (the scratch directory is still removed).</param>
    /// <returns>The outcome.</returns>
    /// <exception cref="ArgumentException">The options are out of range.</exception>
    public async Task<DrillResult> RunAsync(Snapshot snapshot, DrillOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        options ??= new DrillOptions();
        var time = _repository.TimeProvider;
        var startedAt = time.GetUtcNow();
        var scratch = _fileSystem.Path.GetFullPath(options.ScratchDirectory ?? _fileSystem.Path.GetTempPath());
        var directory = _fileSystem.Path.Combine(scratch, $"drill-{snapshot.Id.ToShortString()}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}");
        var restoreOptions = new RestoreOptions
        {
            Target = directory,
            Verify = true,
            MaxConcurrency = options.MaxConcurrency,
            SampleFraction = options.Sample,
            SampleSeed = options.Seed ?? RandomNumberGenerator.GetInt32(int.MaxValue),
        };
        restoreOptions.Validate();

        var failures = new List<ValidationFailure>();
        RestoreResult? restored = null;
        var keep = false;
        try
        {
            try
            {
                restored = await new SnapshotRestorer(_repository).RestoreAsync(snapshot, restoreOptions, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (CorruptObjectException ex)
            {
                failures.Add(new ValidationFailure { Message = ex.Message, ObjectName = ex.ObjectName, AffectedSnapshots = [snapshot.Id.ToString()] });
            }
            catch (ObjectNotFoundException ex)
            {
                failures.Add(new ValidationFailure { Message = ex.Message, ObjectName = ex.ObjectName, AffectedSnapshots = [snapshot.Id.ToString()] });
            }
            catch (RestoreTargetFullException ex)
            {
                failures.Add(new ValidationFailure { Message = ex.Message, AffectedPaths = [ex.Path] });
            }

            if (restored is not null)
            {
                foreach (var issue in restored.Skipped)
                {
                    failures.Add(new ValidationFailure { Message = $"not restored: {issue.Path}: {issue.Reason}", AffectedSnapshots = [snapshot.Id.ToString()], AffectedPaths = [issue.Path] });
                }

                foreach (var mismatch in restored.Verified?.Mismatches ?? [])
                {
                    failures.Add(new ValidationFailure { Message = $"differs from the snapshot: {mismatch.Path}: {mismatch.Reason}", AffectedSnapshots = [snapshot.Id.ToString()], AffectedPaths = [mismatch.Path] });
                }
            }

            var recovery = restored?.RestoreDuration ?? TimeSpan.Zero;
            var bytes = restored?.BytesWritten ?? 0;
            keep = options.KeepRestoredData && restored is not null;
            var result = new DrillResult
            {
                Status = failures.Count == 0 ? ValidationStatus.Passed : ValidationStatus.Failed,
                SnapshotId = snapshot.Id,
                StartedAt = startedAt,
                Sample = options.Sample,
                FilesChecked = restored?.Verified?.FilesChecked ?? 0,
                BytesChecked = restored?.Verified?.BytesChecked ?? 0,
                BytesRestored = bytes,
                RecoveryTime = recovery,
                VerifyTime = restored is null ? TimeSpan.Zero : restored.Duration - restored.RestoreDuration,
                ThroughputBytesPerSecond = recovery > TimeSpan.Zero ? bytes / recovery.TotalSeconds : 0,
                Failures = failures,
                RestoredDirectory = keep ? directory : null,
            };

            if (options.Record)
            {
                var record = new DrillRecord
                {
                    Time = startedAt,
                    Snapshot = snapshot.Id,
                    Hostname = snapshot.Hostname,
                    Paths = snapshot.Paths,
                    Passed = result.Status == ValidationStatus.Passed,
                    Sample = options.Sample,
                    SnapshotBytes = snapshot.Summary?.TotalBytesProcessed,
                    Files = result.FilesChecked,
                    Bytes = bytes,
                    RestoreSeconds = recovery.TotalSeconds,
                    ThroughputBytesPerSecond = result.ThroughputBytesPerSecond,
                };
                result = WithRecord(result, await _repository.Drills.SaveAsync(record, cancellationToken).ConfigureAwait(false));
            }

            return result;
        }
        finally
        {
            if (!keep)
            {
                ScratchCleanup.Remove(_fileSystem, directory);
            }
        }
    }

    private static DrillResult WithRecord(DrillResult result, ContentId id) => new()
    {
        Status = result.Status,
        SnapshotId = result.SnapshotId,
        StartedAt = result.StartedAt,
        Sample = result.Sample,
        FilesChecked = result.FilesChecked,
        BytesChecked = result.BytesChecked,
        BytesRestored = result.BytesRestored,
        RecoveryTime = result.RecoveryTime,
        VerifyTime = result.VerifyTime,
        ThroughputBytesPerSecond = result.ThroughputBytesPerSecond,
        Failures = result.Failures,
        RestoredDirectory = result.RestoredDirectory,
        RecordId = id,
    };
}
