using Backup.Sdk.Repository;

namespace Backup.Sdk.Validation;

/// <summary>
/// Takes a repository's recovery status (<c>backup status</c>): per group of snapshots (host and paths), the newest
/// snapshot and its age against the recovery point objective, the last recorded restore drill against the recovery time
/// objective, and an estimated restore time for the newest snapshot from the drill's measured throughput.
/// </summary>
public sealed class RecoveryStatusReader
{
    private readonly BackupRepository _repository;

    /// <summary>Creates a reader over an opened repository (its index need not be loaded).</summary>
    /// <param name="repository">The repository.</param>
    public RecoveryStatusReader(BackupRepository repository)
    {
        ArgumentNullException.ThrowIfNull(repository);
        _repository = repository;
    }

    /// <summary>Takes the status.</summary>
    /// <param name="objectives">The objectives to judge by; none judged when null.</param>
    /// <param name="cancellationToken">Stops the reads.</param>
    /// <returns>The status.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An objective is not positive.</exception>
    public async Task<RecoveryStatusReport> GetStatusAsync(RecoveryObjectives? objectives = null, CancellationToken cancellationToken = default)
    {
        objectives ??= new RecoveryObjectives();
        objectives.Validate();
        var now = _repository.TimeProvider.GetUtcNow();
        var snapshots = await _repository.Snapshots.ListAsync(cancellationToken).ConfigureAwait(false);
        var drills = await _repository.Drills.ListAsync(cancellationToken).ConfigureAwait(false);

        var groups = new List<SnapshotGroupStatus>();
        foreach (var group in snapshots.GroupBy(s => GroupKey(s.Hostname, s.Paths), StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var newest = group.Last(); // ListAsync sorts oldest first
            var key = group.Key;
            var drill = drills.LastOrDefault(d => GroupKey(d.Hostname, d.Paths) == key);
            long? bytes = newest.Summary is { } summary ? summary.TotalBytesProcessed : null;
            double? estimate = bytes is { } b && EffectiveThroughput(drill) is { } throughput ? b / throughput : null;
            var age = now - newest.Time;
            groups.Add(new SnapshotGroupStatus
            {
                Hostname = newest.Hostname,
                Paths = Sorted(newest.Paths),
                NewestSnapshotId = newest.Id.ToString(),
                NewestSnapshotTime = newest.Time,
                AgeSeconds = age.TotalSeconds,
                NewestSnapshotBytes = bytes,
                Rpo = objectives.RecoveryPointObjective is { } rpo ? (age <= rpo ? ObjectiveState.Met : ObjectiveState.Missed) : ObjectiveState.Unknown,
                LastDrill = drill is null ? null : new DrillSummary
                {
                    RecordId = drill.Id.ToString(),
                    SnapshotId = drill.Snapshot.ToString(),
                    Time = drill.Time,
                    Passed = drill.Passed,
                    Sample = drill.Sample,
                    RestoreSeconds = drill.RestoreSeconds,
                    ThroughputBytesPerSecond = drill.ThroughputBytesPerSecond,
                },
                Rto = JudgeRto(objectives.RecoveryTimeObjective, drill, estimate),
                EstimatedRestoreSeconds = estimate,
            });
        }

        var recovery = new RecoverySection { State = Worst(groups.SelectMany(g => new[] { g.Rpo, g.Rto })), Groups = groups };
        return new RecoveryStatusReport
        {
            GeneratedAt = now,
            State = recovery.State,
            RpoSeconds = objectives.RecoveryPointObjective?.TotalSeconds,
            RtoSeconds = objectives.RecoveryTimeObjective?.TotalSeconds,
            Recovery = recovery,
        };
    }

    /// <summary>
    /// The drill's throughput in bytes of the whole snapshot per second: the snapshot's bytes times the sample over the
    /// measured time, so that a sample of a few small files (whose time is mostly fixed costs) still scales by the share of
    /// files restored. Without the snapshot's size, the bytes actually restored per second.
    /// </summary>
    private static double? EffectiveThroughput(DrillRecord? drill) => drill switch
    {
        null => null,
        { SnapshotBytes: > 0, RestoreSeconds: > 0 } => drill.SnapshotBytes.Value * drill.Sample / drill.RestoreSeconds,
        { ThroughputBytesPerSecond: > 0 } => drill.ThroughputBytesPerSecond,
        _ => null,
    };

    private static ObjectiveState JudgeRto(TimeSpan? objective, DrillRecord? drill, double? estimate)
    {
        if (objective is not { } rto || drill is null)
        {
            return ObjectiveState.Unknown;
        }

        if (!drill.Passed)
        {
            return ObjectiveState.Missed;
        }

        // A sampled drill restored only part of a snapshot: judge the estimate for the whole newest snapshot instead.
        double? seconds = drill.Sample >= 1 ? drill.RestoreSeconds : estimate;
        return seconds is { } s ? (s <= rto.TotalSeconds ? ObjectiveState.Met : ObjectiveState.Missed) : ObjectiveState.Unknown;
    }

    private static ObjectiveState Worst(IEnumerable<ObjectiveState> states)
    {
        var result = ObjectiveState.Unknown;
        foreach (var state in states)
        {
            if (state == ObjectiveState.Missed)
            {
                return ObjectiveState.Missed;
            }

            if (state == ObjectiveState.Met)
            {
                result = ObjectiveState.Met;
            }
        }

        return result;
    }

    private static string[] Sorted(IReadOnlyList<string> paths)
    {
        var sorted = paths.ToArray();
        Array.Sort(sorted, StringComparer.Ordinal);
        return sorted;
    }

    private static string GroupKey(string hostname, IReadOnlyList<string> paths) => hostname + "\0" + string.Join('\0', Sorted(paths));
}
