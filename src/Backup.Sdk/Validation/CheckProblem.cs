using Backup.Sdk.Repository;

namespace Backup.Sdk.Validation;

/// <summary>One thing a check found wrong, the object at fault, and what it affects.</summary>
public sealed class CheckProblem
{
    /// <summary>How many affected paths a problem lists at most; <see cref="AffectedPathCount"/> counts them all.</summary>
    public const int MaxListedPaths = 100;

    /// <summary>What was found.</summary>
    public required CheckProblemKind Kind { get; init; }

    /// <summary>Whether this is damage or a warning.</summary>
    public CheckSeverity Severity => Kind == CheckProblemKind.UnindexedPack ? CheckSeverity.Warning : CheckSeverity.Error;

    /// <summary>
    /// The storage object at fault, e.g. <c>data/ab/ab12…</c>, <c>index/…</c> or <c>snapshots/…</c>; for a blob that no
    /// index lists (<see cref="CheckProblemKind.MissingBlob"/>, <see cref="CheckProblemKind.MissingTree"/>),
    /// <c>blob/&lt;id&gt;</c>, since no stored object holds it.
    /// </summary>
    public required string ObjectName { get; init; }

    /// <summary>The blob at fault, when the problem is about one blob.</summary>
    public ContentId? BlobId { get; init; }

    /// <summary>What is wrong, in words.</summary>
    public required string Message { get; init; }

    /// <summary>The snapshots that need the object (for a damaged snapshot, that snapshot), in id order.</summary>
    public IReadOnlyList<ContentId> AffectedSnapshots { get; init; } = [];

    /// <summary>
    /// Paths inside the affected snapshots (absolute, as restored below the target) whose content or listing needs the
    /// object: at most <see cref="MaxListedPaths"/>, distinct, in the order found.
    /// </summary>
    public IReadOnlyList<string> AffectedPaths { get; init; } = [];

    /// <summary>How many paths need the object in all, counting a path once per snapshot that holds it.</summary>
    public long AffectedPathCount { get; init; }

    /// <inheritdoc />
    public override string ToString() => $"{Kind} {ObjectName}: {Message}";
}
