namespace Backup.Sdk.Retention;

/// <summary>
/// Which snapshots a retention policy keeps; the rules combine (a snapshot that any rule keeps is kept). Counts of zero turn
/// a rule off. Applied to each group of snapshots (<see cref="GroupBy"/>) separately.
/// </summary>
/// <remarks>
/// A calendar rule (<see cref="KeepHourly"/> … <see cref="KeepYearly"/>) walks the group from the newest snapshot back and
/// keeps the newest snapshot of each hour, day, ISO week, month or year that has one, until it has kept its count; when the
/// group runs out first, it also keeps the oldest snapshot, so that the history reaches back as far as it can (restic's rule).
/// </remarks>
public sealed record RetentionRules
{
    /// <summary>Keep the newest N snapshots (reason <c>last snapshot</c>).</summary>
    public int KeepLast { get; init; }

    /// <summary>Keep the newest snapshot of each of the newest N hours that have one (reason <c>hourly snapshot</c>).</summary>
    public int KeepHourly { get; init; }

    /// <summary>Keep the newest snapshot of each of the newest N days that have one (reason <c>daily snapshot</c>).</summary>
    public int KeepDaily { get; init; }

    /// <summary>Keep the newest snapshot of each of the newest N ISO weeks that have one (reason <c>weekly snapshot</c>).</summary>
    public int KeepWeekly { get; init; }

    /// <summary>Keep the newest snapshot of each of the newest N months that have one (reason <c>monthly snapshot</c>).</summary>
    public int KeepMonthly { get; init; }

    /// <summary>Keep the newest snapshot of each of the newest N years that have one (reason <c>yearly snapshot</c>).</summary>
    public int KeepYearly { get; init; }

    /// <summary>
    /// Keep every snapshot taken less than this long before the newest snapshot of the group that is not in the future
    /// (reason <c>within 30d</c>).
    /// </summary>
    public RetentionDuration? KeepWithin { get; init; }

    /// <summary>Keep every snapshot that carries any of these tags (reason <c>tag prod</c>, one per tag it carries).</summary>
    public IReadOnlyList<string> KeepTags { get; init; } = [];

    /// <summary>What snapshots share to form a group; by default the host and the set of paths.</summary>
    public SnapshotGrouping GroupBy { get; init; } = SnapshotGrouping.Host | SnapshotGrouping.Paths;

    /// <summary>The grandfather-father-son preset: 7 daily, 4 weekly, 12 monthly and 7 yearly snapshots.</summary>
    public static RetentionRules GrandfatherFatherSon => new() { KeepDaily = 7, KeepWeekly = 4, KeepMonthly = 12, KeepYearly = 7 };

    /// <summary>Whether no rule is set: such rules keep nothing.</summary>
    public bool IsEmpty =>
        KeepLast == 0 && KeepHourly == 0 && KeepDaily == 0 && KeepWeekly == 0 && KeepMonthly == 0 && KeepYearly == 0
        && KeepWithin is null && KeepTags.Count == 0;

    /// <summary>Throws when a count is negative, the duration is zero or a tag is empty.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A count is negative.</exception>
    /// <exception cref="ArgumentException">The duration is zero or a tag is empty.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(KeepLast);
        ArgumentOutOfRangeException.ThrowIfNegative(KeepHourly);
        ArgumentOutOfRangeException.ThrowIfNegative(KeepDaily);
        ArgumentOutOfRangeException.ThrowIfNegative(KeepWeekly);
        ArgumentOutOfRangeException.ThrowIfNegative(KeepMonthly);
        ArgumentOutOfRangeException.ThrowIfNegative(KeepYearly);
        if (KeepWithin is { IsZero: true })
        {
            throw new ArgumentException("A keep-within duration of zero keeps nothing; leave it unset instead.", nameof(KeepWithin));
        }

        ArgumentNullException.ThrowIfNull(KeepTags);
        foreach (var tag in KeepTags)
        {
            ArgumentException.ThrowIfNullOrEmpty(tag, nameof(KeepTags));
        }
    }
}
