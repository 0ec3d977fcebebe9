using Backup.Sdk.Retention;

namespace Backup.Cli.Commands;

/// <summary>
/// <c>forget --json</c>: <c>keep</c> and <c>remove</c> are the flat lists across groups, oldest first; <c>groups</c> names each
/// group's snapshots; <c>warnings</c> lists suspicious snapshot times; <c>prune</c> is the prune's result with <c>--prune</c>
/// (else null).
/// </summary>
internal sealed record ForgetDocument(
    IReadOnlyList<ForgetKeptDocument> Keep,
    IReadOnlyList<ForgetRemovedDocument> Remove,
    IReadOnlyList<ForgetGroupDocument> Groups,
    IReadOnlyList<ForgetWarningDocument> Warnings,
    bool DryRun,
    PruneDocument? Prune)
{
    public static ForgetDocument From(ForgetResult result, PruneDocument? prune = null) => new(
        [.. result.Keep.Select(d => new ForgetKeptDocument(d.Snapshot.Id.ToString(), d.Snapshot.Time, d.Reasons))],
        [.. result.Remove.Select(d => new ForgetRemovedDocument(d.Snapshot.Id.ToString(), d.Snapshot.Time))],
        [.. result.Groups.Select(ForgetGroupDocument.From)],
        [.. result.Warnings.Select(ForgetWarningDocument.From)],
        result.DryRun,
        prune);
}

/// <summary>A kept snapshot and why.</summary>
internal sealed record ForgetKeptDocument(string Id, DateTimeOffset Time, IReadOnlyList<string> Reasons);

/// <summary>A removed snapshot.</summary>
internal sealed record ForgetRemovedDocument(string Id, DateTimeOffset Time);

/// <summary>A group: what its snapshots share (only the grouped-by parts) and the ids kept and removed.</summary>
internal sealed record ForgetGroupDocument(string? Host, IReadOnlyList<string>? Paths, IReadOnlyList<string>? Tags, IReadOnlyList<string> Keep, IReadOnlyList<string> Remove)
{
    public static ForgetGroupDocument From(RetentionGroup group) => new(
        group.Key.Hostname,
        group.Key.Paths,
        group.Key.Tags,
        [.. group.Keep.Select(d => d.Snapshot.Id.ToString())],
        [.. group.Remove.Select(d => d.Snapshot.Id.ToString())]);
}

/// <summary>A snapshot whose time looks wrong: <c>kind</c> is <c>inFuture</c>, <c>afterStored</c> or <c>longBeforeStored</c>.</summary>
internal sealed record ForgetWarningDocument(string Id, DateTimeOffset Time, DateTimeOffset? StoredAt, string Kind, string Message)
{
    public static ForgetWarningDocument From(SuspiciousSnapshot warning) => new(
        warning.Id.ToString(),
        warning.Time,
        warning.StoredAt,
        warning.Kind switch
        {
            SnapshotTimeSuspicion.InFuture => "inFuture",
            SnapshotTimeSuspicion.AfterStored => "afterStored",
            _ => "longBeforeStored",
        },
        warning.Message);
}
