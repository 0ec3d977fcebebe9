using System.Globalization;
using Backup.Sdk.Repository.Snapshots;

namespace Backup.Sdk.Retention;

/// <summary>
/// The default <see cref="IRetentionPolicy"/>: restic's forget rules (keep last, hourly, daily, weekly, monthly, yearly,
/// within a duration, by tag), with calendar buckets in one time zone.
/// </summary>
/// <remarks>
/// <para>Each group is walked from the newest snapshot back. Keep-last keeps the first N. A calendar rule keeps a snapshot
/// when its bucket differs from the bucket of the last snapshot that rule kept, until it has kept N; several snapshots in
/// one bucket thus yield the newest of them. When the group ends before a calendar rule has used its count, that rule also
/// keeps the group's oldest snapshot. Keep-within counts back from the newest snapshot that is not in the future (so that
/// a snapshot dated in the future cannot shrink the window); if every snapshot is in the future, all are within.</para>
/// <para>Buckets use the wall clock of <see cref="TimeZone"/>: two snapshots an hour apart across the autumn daylight-saving
/// change can share one hourly bucket, and a day is whatever the local calendar says.</para>
/// <para>Stateless after construction, so one instance serves any number of threads.</para>
/// </remarks>
public sealed class RetentionPolicy : IRetentionPolicy
{
    private const string LastReason = "last snapshot";

    private static readonly (string Reason, Func<DateTime, long> Bucket)[] CalendarRules =
    [
        ("hourly snapshot", CalendarBucket.Hour),
        ("daily snapshot", CalendarBucket.Day),
        ("weekly snapshot", CalendarBucket.Week),
        ("monthly snapshot", CalendarBucket.Month),
        ("yearly snapshot", CalendarBucket.Year),
    ];

    private readonly TimeProvider _timeProvider;

    /// <summary>Creates the policy.</summary>
    /// <param name="timeProvider">The clock that says which snapshots lie in the future; the system clock when <see langword="null"/>.</param>
    /// <param name="timeZone">The time zone of the calendar buckets; when <see langword="null"/>, the clock's local time zone (<see cref="TimeZoneInfo.Local"/> for the system clock).</param>
    public RetentionPolicy(TimeProvider? timeProvider = null, TimeZoneInfo? timeZone = null)
    {
        _timeProvider = timeProvider ?? TimeProvider.System;
        TimeZone = timeZone ?? _timeProvider.LocalTimeZone;
    }

    /// <summary>The time zone whose calendar the buckets and durations use.</summary>
    public TimeZoneInfo TimeZone { get; }

    /// <inheritdoc />
    public RetentionPlan Apply(IReadOnlyList<Snapshot> snapshots, RetentionRules rules, bool allowKeepNothing = false)
    {
        ArgumentNullException.ThrowIfNull(snapshots);
        ArgumentNullException.ThrowIfNull(rules);
        rules.Validate();
        if (rules.IsEmpty && !allowKeepNothing && snapshots.Count > 0)
        {
            throw new RetentionKeepsNothingException(null);
        }

        var groups = new SortedDictionary<string, (SnapshotGroupKey Key, List<Snapshot> Snapshots)>(StringComparer.Ordinal);
        foreach (var snapshot in snapshots)
        {
            ArgumentNullException.ThrowIfNull(snapshot, nameof(snapshots));
            var key = SnapshotGroupKey.Of(snapshot, rules.GroupBy);
            var identity = key.Identity;
            if (!groups.TryGetValue(identity, out var group))
            {
                group = (key, []);
                groups.Add(identity, group);
            }

            group.Snapshots.Add(snapshot);
        }

        var now = _timeProvider.GetUtcNow();
        var result = new List<RetentionGroup>(groups.Count);
        foreach (var (key, members) in groups.Values)
        {
            var decisions = Decide(members, rules, now);
            if (!allowKeepNothing && !decisions.Exists(d => d.Keep))
            {
                throw new RetentionKeepsNothingException(key);
            }

            decisions.Reverse();
            result.Add(new RetentionGroup(key, decisions));
        }

        return new RetentionPlan(result);
    }

    /// <summary>The decisions for one group, newest first.</summary>
    private List<RetentionDecision> Decide(List<Snapshot> group, RetentionRules rules, DateTimeOffset now)
    {
        group.Sort(SnapshotOrder.NewestFirst);
        int[] remaining = [rules.KeepHourly, rules.KeepDaily, rules.KeepWeekly, rules.KeepMonthly, rules.KeepYearly];
        var lastKept = new long?[CalendarRules.Length];
        var cutoff = WithinCutoff(group, rules.KeepWithin, now);
        var withinReason = rules.KeepWithin is { } within ? "within " + within.ToString() : null;

        var decisions = new List<RetentionDecision>(group.Count);
        for (var nr = 0; nr < group.Count; nr++)
        {
            var snapshot = group[nr];
            var local = TimeZoneInfo.ConvertTime(snapshot.Time, TimeZone).DateTime;
            var isOldest = nr == group.Count - 1;
            var reasons = new List<string>();

            if (nr < rules.KeepLast)
            {
                reasons.Add(LastReason);
            }

            for (var r = 0; r < CalendarRules.Length; r++)
            {
                if (remaining[r] == 0)
                {
                    continue;
                }

                var bucket = CalendarRules[r].Bucket(local);
                if (bucket != lastKept[r] || isOldest)
                {
                    lastKept[r] = bucket;
                    remaining[r]--;
                    reasons.Add(CalendarRules[r].Reason);
                }
            }

            if (withinReason is not null && snapshot.Time > cutoff)
            {
                reasons.Add(withinReason);
            }

            foreach (var tag in rules.KeepTags)
            {
                if (snapshot.Tags.Contains(tag, StringComparer.Ordinal))
                {
                    reasons.Add(string.Create(CultureInfo.InvariantCulture, $"tag {tag}"));
                }
            }

            decisions.Add(new RetentionDecision(snapshot, reasons.Count > 0, reasons));
        }

        return decisions;
    }

    /// <summary>Snapshots after this moment are within the duration; <see cref="DateTimeOffset.MinValue"/> when every snapshot is in the future.</summary>
    private DateTimeOffset WithinCutoff(List<Snapshot> newestFirst, RetentionDuration? within, DateTimeOffset now)
    {
        if (within is not { } duration)
        {
            return DateTimeOffset.MaxValue;
        }

        foreach (var snapshot in newestFirst)
        {
            if (snapshot.Time <= now)
            {
                return duration.SubtractFrom(snapshot.Time, TimeZone);
            }
        }

        return DateTimeOffset.MinValue;
    }
}
