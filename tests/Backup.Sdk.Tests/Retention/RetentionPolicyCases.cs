using System.Globalization;
using Backup.Sdk.Retention;

namespace Backup.Sdk.Tests.Retention;

/// <summary>The policy tables. Every expectation is worked out by hand in the comment above it; none is computed by the policy.</summary>
internal static class RetentionPolicyCases
{
    private const string Last = "last snapshot";
    private const string Hourly = "hourly snapshot";
    private const string Daily = "daily snapshot";
    private const string Weekly = "weekly snapshot";
    private const string Monthly = "monthly snapshot";
    private const string Yearly = "yearly snapshot";

    public static IEnumerable<PolicyCase> Rules()
    {
        // Newest first: e, d, c are the last three.
        yield return new PolicyCase(
            "KeepLast3_OverYears",
            new RetentionRules { KeepLast = 3 },
            [H("a", "2022-06-01T12:00:00Z"), H("b", "2023-01-01T00:00:00Z"), H("c", "2024-02-29T12:00:00Z"), H("d", "2025-12-31T23:00:00Z"), H("e", "2026-01-01T01:00:00Z")],
            [$"c: {Last}", $"d: {Last}", $"e: {Last}"]);

        // Several snapshots in one day: f (1 Mar), e (29 Feb, newer than d), c (28 Feb, newer than b); then the count is used up.
        yield return new PolicyCase(
            "KeepDaily3_SeveralPerDay_LeapDay",
            new RetentionRules { KeepDaily = 3 },
            [H("a", "2024-02-27T10:00:00Z"), H("b", "2024-02-28T08:00:00Z"), H("c", "2024-02-28T20:00:00Z"), H("d", "2024-02-29T01:00:00Z"), H("e", "2024-02-29T23:59:00Z"), H("f", "2024-03-01T00:00:00Z")],
            [$"c: {Daily}", $"e: {Daily}", $"f: {Daily}"]);

        // c (2 Jan) and b (1 Jan) use two of five; a shares b's day, but the group ends with counts left, so the oldest is kept too (restic).
        yield return new PolicyCase(
            "KeepDaily5_FewerDaysThanCount_KeepsTheOldest",
            new RetentionRules { KeepDaily = 5 },
            [H("a", "2024-01-01T08:00:00Z"), H("b", "2024-01-01T09:00:00Z"), H("c", "2024-01-02T08:00:00Z")],
            [$"a: {Daily}", $"b: {Daily}", $"c: {Daily}"]);

        // Months: f (Apr), e (Mar, newer than d), c (Feb, newer than b). a and b are the month boundary's other side.
        yield return new PolicyCase(
            "KeepMonthly3_MonthBoundaries",
            new RetentionRules { KeepMonthly = 3 },
            [H("a", "2024-01-31T23:59:00Z"), H("b", "2024-02-01T00:00:00Z"), H("c", "2024-02-29T12:00:00Z"), H("d", "2024-03-01T00:00:00Z"), H("e", "2024-03-31T23:59:59Z"), H("f", "2024-04-01T00:00:01Z")],
            [$"c: {Monthly}", $"e: {Monthly}", $"f: {Monthly}"]);

        // Years: e (2025), d (2024, newer than c), b (2023, the last second of it, newer than a).
        yield return new PolicyCase(
            "KeepYearly3_YearBoundary",
            new RetentionRules { KeepYearly = 3 },
            [H("a", "2023-06-01T00:00:00Z"), H("b", "2023-12-31T23:59:59Z"), H("c", "2024-01-01T00:00:00Z"), H("d", "2024-07-01T00:00:00Z"), H("e", "2025-01-01T00:00:01Z")],
            [$"b: {Yearly}", $"d: {Yearly}", $"e: {Yearly}"]);

        // ISO weeks: 2020 has a week 53 (Mon 28 Dec 2020 to Sun 3 Jan 2021). e and d are 2021-W01 (e kept), c and b 2020-W53
        // (c kept), a (Sun 27 Dec) 2020-W52.
        yield return new PolicyCase(
            "KeepWeekly3_IsoWeek53",
            new RetentionRules { KeepWeekly = 3 },
            [H("a", "2020-12-27T12:00:00Z"), H("b", "2020-12-28T12:00:00Z"), H("c", "2021-01-03T12:00:00Z"), H("d", "2021-01-04T12:00:00Z"), H("e", "2021-01-10T12:00:00Z")],
            [$"a: {Weekly}", $"c: {Weekly}", $"e: {Weekly}"]);

        // Mon 30 Dec 2024 is in 2025-W01, as is Sun 5 Jan 2025: one week (c kept, b not); Sun 29 Dec 2024 is 2024-W52 (a kept).
        yield return new PolicyCase(
            "KeepWeekly2_WeekYearDiffersFromCalendarYear",
            new RetentionRules { KeepWeekly = 2 },
            [H("a", "2024-12-29T10:00:00Z"), H("b", "2024-12-30T10:00:00Z"), H("c", "2025-01-05T10:00:00Z")],
            [$"a: {Weekly}", $"c: {Weekly}"]);

        // Newest first: e is last (1), daily 2 Jan, monthly Jan; d is last (2), daily 1 Jan, same month; c: daily and last used
        // up, same month: removed; b: monthly Dec 2025 (count used up); a: removed.
        yield return new PolicyCase(
            "KeepLastDailyMonthly_Combined",
            new RetentionRules { KeepLast = 2, KeepDaily = 2, KeepMonthly = 2 },
            [H("a", "2025-11-15T10:00:00Z"), H("b", "2025-12-31T22:00:00Z"), H("c", "2026-01-01T09:00:00Z"), H("d", "2026-01-01T18:00:00Z"), H("e", "2026-01-02T07:00:00Z")],
            [$"b: {Monthly}", $"d: {Last}, {Daily}", $"e: {Last}, {Daily}, {Monthly}"]);

        // Within 30d of c (31 Mar 12:00): after 1 Mar 12:00, strictly. a is exactly on the cutoff. f lies in the future (now is
        // 1 Apr), so it does not move the window, and it is itself after the cutoff.
        yield return new PolicyCase(
            "KeepWithin30d_FutureSnapshotDoesNotMoveTheWindow",
            new RetentionRules { KeepWithin = RetentionDuration.Parse("30d") },
            [H("a", "2026-03-01T12:00:00Z"), H("b", "2026-03-01T12:00:01Z"), H("c", "2026-03-31T12:00:00Z"), H("f", "2027-01-01T00:00:00Z")],
            ["b: within 30d", "c: within 30d", "f: within 30d"],
            Now: "2026-04-01T00:00:00Z");

        // 1y6m before 29 Feb 2024 12:00: one year back is 28 Feb 2023 (no 29th), six months more is 28 Aug 2022 12:00.
        yield return new PolicyCase(
            "KeepWithin1y6m_FromALeapDay",
            new RetentionRules { KeepWithin = RetentionDuration.Parse("1y6m") },
            [H("a", "2022-08-28T12:00:00Z"), H("b", "2022-08-28T13:00:00Z"), H("c", "2024-02-29T12:00:00Z")],
            ["b: within 1y6m", "c: within 1y6m"]);

        // One month before 31 Mar 2025 is the last day of February, 28 Feb 10:00 (restic's Go arithmetic would say 3 March).
        yield return new PolicyCase(
            "KeepWithin1m_FromTheEndOfAMonth",
            new RetentionRules { KeepWithin = RetentionDuration.Parse("1m") },
            [H("a", "2025-02-28T10:00:00Z"), H("b", "2025-02-28T11:00:00Z"), H("c", "2025-03-31T10:00:00Z")],
            ["b: within 1m", "c: within 1m"]);

        // 2w3d12h before 20 Jan 2026 12:00: 17 days back is 3 Jan 12:00, 12 hours more is 3 Jan 00:00.
        yield return new PolicyCase(
            "KeepWithin2w3d12h",
            new RetentionRules { KeepWithin = RetentionDuration.Parse("2w3d12h") },
            [H("a", "2026-01-03T00:00:00Z"), H("b", "2026-01-03T00:00:01Z"), H("c", "2026-01-20T12:00:00Z")],
            ["b: within 2w3d12h", "c: within 2w3d12h"]);

        // Every snapshot with either tag, one reason per tag it carries, in the order of the rule's tags.
        yield return new PolicyCase(
            "KeepTags_ProdAndDb",
            new RetentionRules { KeepTags = ["prod", "db"] },
            [H("a", "2026-01-01T00:00:00Z", Tags: "prod"), H("b", "2026-01-02T00:00:00Z", Tags: "db,prod"), H("c", "2026-01-03T00:00:00Z"), H("d", "2026-01-04T00:00:00Z", Tags: "dev")],
            ["a: tag prod", "b: tag prod, tag db"]);

        // Keep-last 1 keeps d; the tag keeps a as well, and d carries the tag too.
        yield return new PolicyCase(
            "KeepLastAndTag_Combined",
            new RetentionRules { KeepLast = 1, KeepTags = ["monthly-archive"] },
            [H("a", "2025-01-01T00:00:00Z", Tags: "monthly-archive"), H("b", "2025-02-01T00:00:00Z"), H("c", "2025-03-01T00:00:00Z"), H("d", "2025-04-01T00:00:00Z", Tags: "monthly-archive")],
            ["a: tag monthly-archive", $"d: {Last}, tag monthly-archive"]);

        // Every snapshot lies in the future (now is 1 Jan 2026): no snapshot anchors the window, so all are within (restic).
        yield return new PolicyCase(
            "KeepWithin30d_AllSnapshotsInTheFuture_KeepsAll",
            new RetentionRules { KeepWithin = RetentionDuration.Parse("30d") },
            [H("a", "2027-01-01T00:00:00Z"), H("b", "2027-06-01T00:00:00Z")],
            ["a: within 30d", "b: within 30d"],
            Now: "2026-01-01T00:00:00Z");

        // Weeks (1 Jan 2026 is a Thursday): a, b in 2026-W02; c, d, e in 2026-W03. Within 3d of e (14 Jan 12:00) is after
        // 11 Jan 12:00: c, d, e. Weekly 2: e (W03), b (W02); a is left.
        yield return new PolicyCase(
            "KeepWeeklyAndWithin_Combined",
            new RetentionRules { KeepWeekly = 2, KeepWithin = RetentionDuration.Parse("3d") },
            [H("a", "2026-01-05T12:00:00Z"), H("b", "2026-01-09T12:00:00Z"), H("c", "2026-01-12T12:00:00Z"), H("d", "2026-01-13T12:00:00Z"), H("e", "2026-01-14T12:00:00Z")],
            [$"b: {Weekly}", "c: within 3d", "d: within 3d", $"e: {Weekly}, within 3d"]);

        yield return GrandfatherFatherSon();
    }

    public static IEnumerable<PolicyCase> Calendar()
    {
        // Berlin, 25 Oct 2026: clocks go back from 03:00 CEST to 02:00 CET. z is 01:30 CEST; a (02:10 CEST), b (02:50 CEST)
        // and c (02:20 CET) share the local hour 02; d is 03:05 CET. Newest first: d (03), c (02), then b and a share c's hour,
        // z (01) takes the third. In UTC the hours would be 23, 00, 00, 01, 02 and keep d, c, b instead.
        yield return new PolicyCase(
            "KeepHourly3_Berlin_AutumnDstChange_RepeatsAnHour",
            new RetentionRules { KeepHourly = 3 },
            [H("z", "2026-10-24T23:30:00Z"), H("a", "2026-10-25T00:10:00Z"), H("b", "2026-10-25T00:50:00Z"), H("c", "2026-10-25T01:20:00Z"), H("d", "2026-10-25T02:05:00Z")],
            [$"c: {Hourly}", $"d: {Hourly}", $"z: {Hourly}"],
            Zone: "Europe/Berlin");

        // New York, 8 Mar 2026: clocks go forward from 02:00 EST to 03:00 EDT. Local days: a 7 Mar 23:30 EST, b 8 Mar 00:30
        // EST, c 8 Mar 23:30 EDT, d 9 Mar 00:30 EDT. Daily 2: d (9th), c (8th). In UTC, c and d would share 9 Mar.
        yield return new PolicyCase(
            "KeepDaily2_NewYork_SpringDstChange",
            new RetentionRules { KeepDaily = 2 },
            [H("a", "2026-03-08T04:30:00Z"), H("b", "2026-03-08T05:30:00Z"), H("c", "2026-03-09T03:30:00Z"), H("d", "2026-03-09T04:30:00Z")],
            [$"c: {Daily}", $"d: {Daily}"],
            Zone: "America/New_York");

        // Within 1d of d (9 Mar 00:30 EDT) in New York is 8 Mar 00:30 EST = 05:30Z: a calendar day of 23 hours. b is exactly on
        // the cutoff (not kept); 24 elapsed hours would have kept it.
        yield return new PolicyCase(
            "KeepWithin1d_NewYork_DayOf23Hours",
            new RetentionRules { KeepWithin = RetentionDuration.Parse("1d") },
            [H("a", "2026-03-08T04:30:00Z"), H("b", "2026-03-08T05:30:00Z"), H("c", "2026-03-09T03:30:00Z"), H("d", "2026-03-09T04:30:00Z")],
            ["c: within 1d", "d: within 1d"],
            Zone: "America/New_York");

        // New York: b (1 Apr 03:00Z) is 31 Mar 23:00 EDT, so b is March's newest and a is removed; in UTC b would be April's.
        yield return new PolicyCase(
            "KeepMonthly2_NewYork_MonthBoundaryInLocalTime",
            new RetentionRules { KeepMonthly = 2 },
            [H("a", "2026-03-15T12:00:00Z"), H("b", "2026-04-01T03:00:00Z"), H("c", "2026-04-15T12:00:00Z")],
            [$"b: {Monthly}", $"c: {Monthly}"],
            Zone: "America/New_York");

        // Berlin: b (31 Dec 2025 23:30Z) is 1 Jan 2026 00:30 CET, in c's year; a is 2025's. In UTC b would be 2025's.
        yield return new PolicyCase(
            "KeepYearly2_Berlin_NewYearInLocalTime",
            new RetentionRules { KeepYearly = 2 },
            [H("a", "2025-06-01T12:00:00Z"), H("b", "2025-12-31T23:30:00Z"), H("c", "2026-06-01T12:00:00Z")],
            [$"a: {Yearly}", $"c: {Yearly}"],
            Zone: "Europe/Berlin");
    }

    public static IEnumerable<PolicyCase> Groups()
    {
        // s4 and s5 back up the same set of paths in another order; s6 carries a tag. Keep-last 1 per group.
        H[] history =
        [
            H("s1", "2026-01-01T00:00:00Z", Host: "h1", Paths: "/a"),
            H("s2", "2026-01-02T00:00:00Z", Host: "h1", Paths: "/a"),
            H("s3", "2026-01-01T00:00:00Z", Host: "h2", Paths: "/a"),
            H("s4", "2026-01-03T00:00:00Z", Host: "h1", Paths: "/a /b"),
            H("s5", "2026-01-04T00:00:00Z", Host: "h1", Paths: "/b /a"),
            H("s6", "2026-01-05T00:00:00Z", Host: "h1", Paths: "/a", Tags: "x"),
        ];

        // (h1, /a): s1 s2 s6; (h2, /a): s3; (h1, /a /b): s4 s5.
        yield return Grouped("GroupBy_HostAndPaths_Default", SnapshotGrouping.Host | SnapshotGrouping.Paths, history, "s3", "s5", "s6");

        // h1: s1 s2 s4 s5 s6; h2: s3.
        yield return Grouped("GroupBy_Host", SnapshotGrouping.Host, history, "s3", "s6");

        // /a: s1 s2 s3 s6; /a /b: s4 s5.
        yield return Grouped("GroupBy_Paths", SnapshotGrouping.Paths, history, "s5", "s6");

        // no tags: s1 to s5; x: s6.
        yield return Grouped("GroupBy_Tags", SnapshotGrouping.Tags, history, "s5", "s6");

        // (h1, no tags): s1 s2 s4 s5; (h2, no tags): s3; (h1, x): s6.
        yield return Grouped("GroupBy_HostAndTags", SnapshotGrouping.Host | SnapshotGrouping.Tags, history, "s3", "s5", "s6");

        // (h1, /a, none): s1 s2; (h2, /a, none): s3; (h1, /a /b, none): s4 s5; (h1, /a, x): s6.
        yield return Grouped("GroupBy_HostPathsAndTags", SnapshotGrouping.Host | SnapshotGrouping.Paths | SnapshotGrouping.Tags, history, "s2", "s3", "s5", "s6");

        // One group.
        yield return Grouped("GroupBy_None", SnapshotGrouping.None, history, "s6");
    }

    /// <summary>
    /// GFS over a monthly snapshot (the 1st, 12:00Z) from Jan 2018 to Mar 2026 and daily ones from 2 to 10 Mar 2026.
    /// Daily 7: 10 to 4 Mar. Weekly 4 (Mon 9 Mar 2026): weeks of 9, 2 and 23 Feb (10 Mar, 8 Mar, 1 Mar), then the week of 26 Jan
    /// (1 Feb, a Sunday). Monthly 12: Mar 2026 (10 Mar), Feb, Jan 2026, Dec to Apr 2025. Yearly 7: 2026 (10 Mar), then
    /// 1 Dec of 2025 to 2020. Everything else is removed.
    /// </summary>
    private static PolicyCase GrandfatherFatherSon()
    {
        var history = new List<H>();
        for (var month = new DateOnly(2018, 1, 1); month <= new DateOnly(2026, 3, 1); month = month.AddMonths(1))
        {
            history.Add(Day(month));
        }

        for (var day = new DateOnly(2026, 3, 2); day <= new DateOnly(2026, 3, 10); day = day.AddDays(1))
        {
            history.Add(Day(day));
        }

        string[] kept =
        [
            $"2026-03-10: {Daily}, {Weekly}, {Monthly}, {Yearly}",
            $"2026-03-09: {Daily}",
            $"2026-03-08: {Daily}, {Weekly}",
            $"2026-03-07: {Daily}",
            $"2026-03-06: {Daily}",
            $"2026-03-05: {Daily}",
            $"2026-03-04: {Daily}",
            $"2026-03-01: {Weekly}",
            $"2026-02-01: {Weekly}, {Monthly}",
            $"2026-01-01: {Monthly}",
            $"2025-12-01: {Monthly}, {Yearly}",
            $"2025-11-01: {Monthly}",
            $"2025-10-01: {Monthly}",
            $"2025-09-01: {Monthly}",
            $"2025-08-01: {Monthly}",
            $"2025-07-01: {Monthly}",
            $"2025-06-01: {Monthly}",
            $"2025-05-01: {Monthly}",
            $"2025-04-01: {Monthly}",
            $"2024-12-01: {Yearly}",
            $"2023-12-01: {Yearly}",
            $"2022-12-01: {Yearly}",
            $"2021-12-01: {Yearly}",
            $"2020-12-01: {Yearly}",
        ];
        return new PolicyCase("GrandfatherFatherSon_OverEightYears", RetentionRules.GrandfatherFatherSon, [.. history], kept);

        static H Day(DateOnly date) => new(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T12:00:00Z");
    }

    private static PolicyCase Grouped(string name, SnapshotGrouping grouping, H[] history, params string[] kept) =>
        new(name, new RetentionRules { KeepLast = 1, GroupBy = grouping }, history, [.. kept.Select(k => $"{k}: {Last}")]);

    private static H H(string label, string time, string Host = "h1", string Paths = "/data", string Tags = "") => new(label, time, Host, Paths, Tags);
}
