namespace Backup.Sdk.Retention;

/// <summary>
/// What <see cref="IForgetService.ForgetAsync"/> removes: the snapshots that <see cref="Rules"/> do not keep, or the
/// snapshots named in <see cref="SnapshotIds"/> (one or the other), among those that <see cref="Hosts"/> and
/// <see cref="Tags"/> select.
/// </summary>
public sealed class ForgetRequest
{
    /// <summary>The retention rules; <see langword="null"/> when removing by id.</summary>
    public RetentionRules? Rules { get; init; }

    /// <summary>Snapshots to remove: full ids, unique prefixes of at least 8 hex characters, or <c>latest</c>. Not with <see cref="Rules"/>.</summary>
    public IReadOnlyList<string> SnapshotIds { get; init; } = [];

    /// <summary>Only snapshots of these hosts (any of them); all hosts when empty.</summary>
    public IReadOnlyList<string> Hosts { get; init; } = [];

    /// <summary>Only snapshots that carry every tag of at least one of these lists; all snapshots when empty.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Tags { get; init; } = [];

    /// <summary>Decide and report, but delete nothing.</summary>
    public bool DryRun { get; init; }

    /// <summary>Allow rules that keep no snapshot of a group (see <see cref="RetentionKeepsNothingException"/>).</summary>
    public bool AllowKeepNothing { get; init; }

    /// <summary>
    /// How far a snapshot's time may lie after now, or after the moment its record was stored, before it is reported as
    /// suspicious (clock differences between machines). Default: 5 minutes.
    /// </summary>
    public TimeSpan FutureTolerance { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long before its record was stored a snapshot's time may lie (the longest a backup runs: the time is the start, the
    /// record is written at the end) before it is reported as suspicious. Default: 1 day.
    /// </summary>
    public TimeSpan MaxBackupDuration { get; init; } = TimeSpan.FromDays(1);

    /// <summary>Throws when the request is inconsistent.</summary>
    /// <exception cref="ArgumentException">Both or neither of rules and ids, a negative tolerance, or invalid rules.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(SnapshotIds);
        ArgumentNullException.ThrowIfNull(Hosts);
        ArgumentNullException.ThrowIfNull(Tags);
        if (Rules is null && SnapshotIds.Count == 0)
        {
            throw new ArgumentException("Give retention rules or the snapshots to forget.", nameof(Rules));
        }

        if (Rules is not null && SnapshotIds.Count > 0)
        {
            throw new ArgumentException("Give retention rules or snapshot ids, not both.", nameof(SnapshotIds));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(FutureTolerance, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBackupDuration, TimeSpan.Zero);
        Rules?.Validate();
    }
}
