using Backup.Sdk.Validation;

namespace Backup.Sdk.Copies;

/// <summary>The <c>copies</c> section of the status report: 3-2-1 compliance per group and per snapshot.</summary>
public sealed class CopiesSection
{
    /// <summary>Met when every group's newest snapshot meets the rule, missed when one does not, unknown with no snapshots.</summary>
    public ObjectiveState State { get; init; }

    /// <summary>The rule judged against.</summary>
    public required CopyRule Rule { get; init; }

    /// <summary>The live data's placement (one copy of every snapshot).</summary>
    public required CopyPlacement Source { get; init; }

    /// <summary>The repositories, with how many snapshots each holds.</summary>
    public IReadOnlyList<CopyPlaceStatus> Repositories { get; init; } = [];

    /// <summary>Per group (host and paths): the judgement of its newest snapshot.</summary>
    public IReadOnlyList<SnapshotCopies> Groups { get; init; } = [];

    /// <summary>Every snapshot, oldest first.</summary>
    public IReadOnlyList<SnapshotCopies> Snapshots { get; init; } = [];
}

/// <summary>A repository in the copies section.</summary>
public sealed class CopyPlaceStatus
{
    /// <summary>Its placement.</summary>
    public required CopyPlacement Placement { get; init; }

    /// <summary>Whether its site differs from the live data's.</summary>
    public bool Offsite { get; init; }

    /// <summary>The snapshots it holds.</summary>
    public int Snapshots { get; init; }
}

/// <summary>Where one snapshot exists and whether that meets the rule.</summary>
public sealed class SnapshotCopies
{
    /// <summary>The snapshot's original id (in the repository it was taken in).</summary>
    public required string SnapshotId { get; init; }

    /// <summary>The id of the repository it was taken in.</summary>
    public required string RepositoryId { get; init; }

    /// <summary>The host.</summary>
    public required string Hostname { get; init; }

    /// <summary>The backed-up paths, sorted.</summary>
    public required IReadOnlyList<string> Paths { get; init; }

    /// <summary>When it was taken.</summary>
    public DateTimeOffset Time { get; init; }

    /// <summary>Copies, the live data included.</summary>
    public int Copies { get; init; }

    /// <summary>Distinct media among them.</summary>
    public int Media { get; init; }

    /// <summary>Copies off site.</summary>
    public int Offsite { get; init; }

    /// <summary>The names of the repositories that hold it.</summary>
    public IReadOnlyList<string> Repositories { get; init; } = [];

    /// <summary>The names of the repositories that lack it.</summary>
    public IReadOnlyList<string> MissingFrom { get; init; } = [];

    /// <summary>Met or missed.</summary>
    public ObjectiveState State { get; init; }
}
