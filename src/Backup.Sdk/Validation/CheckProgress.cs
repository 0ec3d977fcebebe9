namespace Backup.Sdk.Validation;

/// <summary>The stage of a check that a <see cref="CheckProgress"/> reports on.</summary>
public enum CheckPhase
{
    /// <summary>Loading index files.</summary>
    Indexes = 0,

    /// <summary>Comparing pack headers with the index and listing packs in storage.</summary>
    Packs = 1,

    /// <summary>Reading and authenticating blobs (with <see cref="CheckOptions.ReadData"/>).</summary>
    Data = 2,

    /// <summary>Loading snapshots and walking their trees.</summary>
    Snapshots = 3,
}

/// <summary>How far a check has come.</summary>
/// <param name="Phase">The current stage.</param>
/// <param name="Completed">Items of the stage done (index files, packs or snapshots).</param>
/// <param name="Total">Items of the stage in all.</param>
/// <param name="BytesRead">Pack bytes read so far by the data stage.</param>
public readonly record struct CheckProgress(CheckPhase Phase, long Completed, long Total, long BytesRead);
