namespace Backup.Sdk.Validation;

/// <summary>The result of <see cref="RepositoryChecker.CheckAsync"/>: what was checked and every problem found.</summary>
public sealed class CheckReport
{
    /// <summary>Snapshot files examined (loaded or found damaged).</summary>
    public long SnapshotsChecked { get; init; }

    /// <summary>Distinct tree blobs loaded and parsed.</summary>
    public long TreesChecked { get; init; }

    /// <summary>Distinct blobs (data and trees) that the snapshots' trees refer to.</summary>
    public long BlobsReferenced { get; init; }

    /// <summary>Packs whose header was compared with the index (and, with <see cref="CheckOptions.ReadData"/>, whose blobs were read).</summary>
    public long PacksChecked { get; init; }

    /// <summary>Index files examined (loaded or found damaged).</summary>
    public long IndexFilesChecked { get; init; }

    /// <summary>Packs whose data was read and authenticated (all usable packs with <see cref="CheckOptions.ReadData"/>, the subset's with <see cref="CheckOptions.ReadDataSubset"/>).</summary>
    public long PacksRead { get; init; }

    /// <summary>Pack bytes read by <see cref="CheckOptions.ReadData"/>; zero without it.</summary>
    public long BytesRead { get; init; }

    /// <summary>How long the check took.</summary>
    public TimeSpan Duration { get; init; }

    /// <summary>Every problem found, damage first, then warnings.</summary>
    public IReadOnlyList<CheckProblem> Problems { get; init; } = [];

    /// <summary>Whether no problem is damage (warnings such as <see cref="CheckProblemKind.UnindexedPack"/> may remain).</summary>
    public bool IsHealthy
    {
        get
        {
            foreach (var problem in Problems)
            {
                if (problem.Severity == CheckSeverity.Error)
                {
                    return false;
                }
            }

            return true;
        }
    }
}
