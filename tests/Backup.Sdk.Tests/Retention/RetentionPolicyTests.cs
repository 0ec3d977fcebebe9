using System.Globalization;
using Backup.Sdk.Retention;
using Microsoft.Extensions.Time.Testing;

namespace Backup.Sdk.Tests.Retention;

public class RetentionPolicyTests
{
    private static IEnumerable<TestCaseData> Cases() =>
        RetentionPolicyCases.Rules().Concat(RetentionPolicyCases.Calendar()).Concat(RetentionPolicyCases.Groups())
            .Select(c => new TestCaseData(c).SetName("Apply_" + c.Name));

    [TestCaseSource(nameof(Cases))]
    public void Apply_KeepsWhatTheRulesSay_WithTheirReasons(PolicyCase c)
    {
        var snapshots = c.History.Select(h => h.ToSnapshot()).ToList();
        var labels = snapshots.Zip(c.History).ToDictionary(p => p.First.Id, p => p.Second.Label);
        var policy = new RetentionPolicy(Clock(c.Now), TimeZoneInfo.FindSystemTimeZoneById(c.Zone));

        var plan = policy.Apply(snapshots, c.Rules);

        var kept = plan.Keep.Select(d => $"{labels[d.Snapshot.Id]}: {string.Join(", ", d.Reasons)}").Order(StringComparer.Ordinal);
        var expectedKept = c.Kept.Order(StringComparer.Ordinal);
        var keptLabels = c.Kept.Select(k => k[..k.IndexOf(':', StringComparison.Ordinal)]).ToHashSet();
        var expectedRemoved = c.History.Select(h => h.Label).Where(l => !keptLabels.Contains(l)).Order(StringComparer.Ordinal);
        Assert.Multiple(() =>
        {
            Assert.That(kept, Is.EqualTo(expectedKept));
            Assert.That(plan.Remove.Select(d => labels[d.Snapshot.Id]).Order(StringComparer.Ordinal), Is.EqualTo(expectedRemoved));
            Assert.That(plan.Remove.All(d => !d.Keep && d.Reasons.Count == 0), Is.True);
            Assert.That(plan.Groups.Sum(g => g.Decisions.Count), Is.EqualTo(c.History.Length), "every snapshot has one decision");
        });
    }

    [Test]
    public void Apply_WithEmptyRules_IsRefused()
    {
        var policy = new RetentionPolicy(Clock("2026-01-01T00:00:00Z"), TimeZoneInfo.Utc);
        var snapshots = new[] { new H("a", "2025-01-01T00:00:00Z").ToSnapshot() };

        var refused = Assert.Throws<RetentionKeepsNothingException>(() => policy.Apply(snapshots, new RetentionRules()));

        Assert.That(refused!.Group, Is.Null);
    }

    [Test]
    public void Apply_WithEmptyRulesForced_RemovesEverything()
    {
        var policy = new RetentionPolicy(Clock("2026-01-01T00:00:00Z"), TimeZoneInfo.Utc);
        var snapshots = new[] { new H("a", "2025-01-01T00:00:00Z").ToSnapshot(), new H("b", "2025-02-01T00:00:00Z").ToSnapshot() };

        var plan = policy.Apply(snapshots, new RetentionRules(), allowKeepNothing: true);

        Assert.Multiple(() =>
        {
            Assert.That(plan.Keep, Is.Empty);
            Assert.That(plan.Remove, Has.Count.EqualTo(2));
        });
    }

    [Test]
    public void Apply_WhenAGroupWouldKeepNothing_IsRefusedAndNamesTheGroup()
    {
        var policy = new RetentionPolicy(Clock("2026-01-01T00:00:00Z"), TimeZoneInfo.Utc);
        var snapshots = new[]
        {
            new H("a", "2025-01-01T00:00:00Z", Host: "web", Tags: "prod").ToSnapshot(),
            new H("b", "2025-01-01T00:00:00Z", Host: "db").ToSnapshot(),
        };
        var rules = new RetentionRules { KeepTags = ["prod"] };

        var refused = Assert.Throws<RetentionKeepsNothingException>(() => policy.Apply(snapshots, rules));
        var forced = policy.Apply(snapshots, rules, allowKeepNothing: true);

        Assert.Multiple(() =>
        {
            Assert.That(refused!.Group!.Hostname, Is.EqualTo("db"));
            Assert.That(refused.Message, Does.Contain("host [db]"));
            Assert.That(forced.Keep.Select(d => d.Snapshot.Hostname), Is.EqualTo(new[] { "web" }));
            Assert.That(forced.Remove.Select(d => d.Snapshot.Hostname), Is.EqualTo(new[] { "db" }));
        });
    }

    [Test]
    public void Apply_WithNoSnapshots_IsAnEmptyPlan()
    {
        var plan = new RetentionPolicy(Clock("2026-01-01T00:00:00Z"), TimeZoneInfo.Utc).Apply([], new RetentionRules { KeepTags = ["x"] });

        Assert.That(plan.Groups, Is.Empty);
    }

    [TestCase(-1, 0)]
    [TestCase(0, -3)]
    public void Apply_WithNegativeCounts_Throws(int last, int daily)
    {
        var policy = new RetentionPolicy(Clock("2026-01-01T00:00:00Z"), TimeZoneInfo.Utc);

        Assert.Throws<ArgumentOutOfRangeException>(() => policy.Apply([], new RetentionRules { KeepLast = last, KeepDaily = daily }));
    }

    [Test]
    public void TimeZone_DefaultsToTheClocksLocalZone()
    {
        var clock = new FakeTimeProvider();
        var tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");
        clock.SetLocalTimeZone(tokyo);

        Assert.Multiple(() =>
        {
            Assert.That(new RetentionPolicy(clock).TimeZone, Is.SameAs(tokyo));
            Assert.That(new RetentionPolicy().TimeZone, Is.EqualTo(TimeZoneInfo.Local));
        });
    }

    [Test]
    public void Apply_BucketsInTheClocksLocalZone_WhenNoneIsGiven()
    {
        // Tokyo (+9): a is 1 Jan 19:00, b 2 Jan 05:00, c 2 Jan 19:00, so b shares c's day and a is kept; in UTC b (1 Jan) would be.
        var clock = Clock("2026-02-01T00:00:00Z");
        clock.SetLocalTimeZone(TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo"));
        var snapshots = new[] { new H("a", "2026-01-01T10:00:00Z").ToSnapshot(), new H("b", "2026-01-01T20:00:00Z").ToSnapshot(), new H("c", "2026-01-02T10:00:00Z").ToSnapshot() };

        var plan = new RetentionPolicy(clock).Apply(snapshots, new RetentionRules { KeepDaily = 2 });

        Assert.That(plan.Keep.Select(d => d.Snapshot.Time), Is.EqualTo(new[] { snapshots[0].Time, snapshots[2].Time }));
    }

    [Test]
    public void GrandfatherFatherSon_Is7Daily4Weekly12Monthly7Yearly()
    {
        var gfs = RetentionRules.GrandfatherFatherSon;

        Assert.That(
            (gfs.KeepLast, gfs.KeepHourly, gfs.KeepDaily, gfs.KeepWeekly, gfs.KeepMonthly, gfs.KeepYearly, gfs.KeepWithin, gfs.KeepTags.Count, gfs.GroupBy),
            Is.EqualTo((0, 0, 7, 4, 12, 7, (RetentionDuration?)null, 0, SnapshotGrouping.Host | SnapshotGrouping.Paths)));
    }

    [Test]
    public void Plan_ListsGroupsWithTheirDecisionsOldestFirst()
    {
        var policy = new RetentionPolicy(Clock("2026-01-01T00:00:00Z"), TimeZoneInfo.Utc);
        var snapshots = new[]
        {
            new H("b2", "2025-03-01T00:00:00Z", Host: "b").ToSnapshot(),
            new H("a1", "2025-01-01T00:00:00Z", Host: "a").ToSnapshot(),
            new H("b1", "2025-02-01T00:00:00Z", Host: "b").ToSnapshot(),
        };

        var plan = policy.Apply(snapshots, new RetentionRules { KeepLast = 1 });

        Assert.Multiple(() =>
        {
            Assert.That(plan.Groups.Select(g => g.Key.ToString()), Is.EqualTo(new[] { "host [a], paths [/data]", "host [b], paths [/data]" }));
            Assert.That(plan.Groups[1].Decisions.Select(d => d.Snapshot.Time.Month), Is.EqualTo(new[] { 2, 3 }));
            Assert.That(plan.Groups[1].Keep.Single().Snapshot.Time.Month, Is.EqualTo(3));
            Assert.That(plan.Groups[1].Remove.Single().Snapshot.Time.Month, Is.EqualTo(2));
        });
    }

    private static FakeTimeProvider Clock(string now)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse(now, CultureInfo.InvariantCulture));
        clock.SetLocalTimeZone(TimeZoneInfo.Utc);
        return clock;
    }
}
