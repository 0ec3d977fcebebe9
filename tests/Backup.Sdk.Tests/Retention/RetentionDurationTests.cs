using System.Globalization;
using Backup.Sdk.Retention;

namespace Backup.Sdk.Tests.Retention;

public class RetentionDurationTests
{
    private static readonly object[] Valid =
    [
        new object[] { "30d", new RetentionDuration(0, 0, 0, 30, 0), "30d" },
        new object[] { "1y6m", new RetentionDuration(1, 6, 0, 0, 0), "1y6m" },
        new object[] { "2w3d12h", new RetentionDuration(0, 0, 2, 3, 12), "2w3d12h" },
        new object[] { "1y5m7d2h", new RetentionDuration(1, 5, 0, 7, 2), "1y5m7d2h" },
        new object[] { "12h3d", new RetentionDuration(0, 0, 0, 3, 12), "3d12h" },
        new object[] { "0y1h", new RetentionDuration(0, 0, 0, 0, 1), "1h" },
        new object[] { "007d", new RetentionDuration(0, 0, 0, 7, 0), "7d" },
    ];

    [TestCaseSource(nameof(Valid))]
    public void Parse_ReadsEachUnit_AndPrintsTheCanonicalForm(string text, RetentionDuration expected, string canonical)
    {
        var duration = RetentionDuration.Parse(text);

        Assert.Multiple(() =>
        {
            Assert.That(duration, Is.EqualTo(expected));
            Assert.That(duration.ToString(), Is.EqualTo(canonical));
        });
    }

    [TestCase("")]
    [TestCase("d")]
    [TestCase("30")]
    [TestCase("30x")]
    [TestCase("1d1d")]
    [TestCase("0d")]
    [TestCase("-1d")]
    [TestCase("1D")]
    [TestCase(" 1d")]
    [TestCase("1.5d")]
    [TestCase("1d ")]
    [TestCase("99999999999d")]
    public void TryParse_RejectsWhatIsNotAPositiveDuration(string text)
    {
        Assert.Multiple(() =>
        {
            Assert.That(RetentionDuration.TryParse(text, out _), Is.False);
            Assert.Throws<FormatException>(() => RetentionDuration.Parse(text));
        });
    }

    private static readonly object[] Subtractions =
    [
        // Calendar months clamp to the month's last day; years from 29 Feb land on 28 Feb.
        new object[] { "1m", "UTC", "2025-03-31T10:00:00Z", "2025-02-28T10:00:00Z" },
        new object[] { "1y", "UTC", "2024-02-29T12:00:00Z", "2023-02-28T12:00:00Z" },
        new object[] { "1y6m", "UTC", "2024-02-29T12:00:00Z", "2022-08-28T12:00:00Z" },
        new object[] { "2w3d12h", "UTC", "2026-01-20T12:00:00Z", "2026-01-03T00:00:00Z" },
        // Berlin: a day back across the spring change (29 Mar 2026) is 23 hours; across the autumn change (25 Oct 2026) 25 hours.
        new object[] { "1d", "Europe/Berlin", "2026-03-29T12:00:00+02:00", "2026-03-28T12:00:00+01:00" },
        new object[] { "1d", "Europe/Berlin", "2026-10-25T12:00:00+01:00", "2026-10-24T12:00:00+02:00" },
        // Hours are elapsed time: 24h back across the spring change is 11:00 local the day before.
        new object[] { "24h", "Europe/Berlin", "2026-03-29T12:00:00+02:00", "2026-03-28T11:00:00+01:00" },
        // A wall time that does not exist (02:30 on 29 Mar 2026 in Berlin) is taken after the gap, 03:30 CEST.
        new object[] { "1d", "Europe/Berlin", "2026-03-30T02:30:00+02:00", "2026-03-29T03:30:00+02:00" },
        // A wall time that occurs twice (02:30 on 25 Oct 2026 in Berlin) takes its first occurrence, 02:30 CEST.
        new object[] { "1d", "Europe/Berlin", "2026-10-26T02:30:00+01:00", "2026-10-25T02:30:00+02:00" },
    ];

    [TestCaseSource(nameof(Subtractions))]
    public void SubtractFrom_CountsCalendarUnitsOnTheLocalWallClock(string duration, string zone, string from, string expected)
    {
        var result = RetentionDuration.Parse(duration).SubtractFrom(Time(from), TimeZoneInfo.FindSystemTimeZoneById(zone));

        Assert.That(result, Is.EqualTo(Time(expected)));
    }

    [Test]
    public void SubtractFrom_BeforeYearOne_IsTheEarliestMoment()
    {
        var result = RetentionDuration.Parse("9999y").SubtractFrom(Time("2026-01-01T00:00:00Z"), TimeZoneInfo.Utc);

        Assert.That(result, Is.EqualTo(DateTimeOffset.MinValue));
    }

    private static DateTimeOffset Time(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);
}
