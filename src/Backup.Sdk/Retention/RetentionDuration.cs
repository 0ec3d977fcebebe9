using System.Globalization;
using System.Text;

namespace Backup.Sdk.Retention;

/// <summary>
/// A calendar duration for <see cref="RetentionRules.KeepWithin"/>, written like restic's: numbers followed by a unit,
/// <c>y</c> (years), <c>m</c> (months), <c>w</c> (weeks), <c>d</c> (days) and <c>h</c> (hours), e.g. <c>30d</c>,
/// <c>1y6m</c>, <c>2w3d12h</c>.
/// </summary>
/// <remarks>
/// Years, months, weeks and days are calendar units counted on the wall clock of a time zone (a day across a daylight-saving
/// change is 23 or 25 hours; one month before 31 March is the last day of February); hours are elapsed time.
/// </remarks>
/// <param name="Years">Calendar years.</param>
/// <param name="Months">Calendar months.</param>
/// <param name="Weeks">Weeks of seven calendar days.</param>
/// <param name="Days">Calendar days.</param>
/// <param name="Hours">Hours of elapsed time.</param>
public readonly record struct RetentionDuration(int Years, int Months, int Weeks, int Days, int Hours)
{
    private const int MaxValue = 100_000;
    private const string Units = "ymwdh";

    /// <summary>Whether every part is zero.</summary>
    public bool IsZero => Years == 0 && Months == 0 && Weeks == 0 && Days == 0 && Hours == 0;

    /// <summary>Parses a duration such as <c>30d</c>, <c>1y6m</c> or <c>2w3d12h</c>.</summary>
    /// <exception cref="FormatException">The text is not a duration, names a unit twice, or is zero.</exception>
    public static RetentionDuration Parse(string text) =>
        TryParse(text, out var duration)
            ? duration
            : throw new FormatException($"'{text}' is not a duration: use numbers with the units y, m, w, d and h, e.g. 30d, 1y6m or 2w3d12h.");

    /// <summary>Parses a duration; <see langword="false"/> when the text is not a positive duration with each unit at most once.</summary>
    public static bool TryParse(string? text, out RetentionDuration duration)
    {
        duration = default;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        Span<int> parts = stackalloc int[Units.Length];
        Span<bool> seen = stackalloc bool[Units.Length];
        var i = 0;
        while (i < text.Length)
        {
            var start = i;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }

            if (i == start || i == text.Length)
            {
                return false;
            }

            var unit = Units.IndexOf(text[i], StringComparison.Ordinal);
            if (unit < 0 || seen[unit]
                || !int.TryParse(text.AsSpan(start, i - start), NumberStyles.None, CultureInfo.InvariantCulture, out var value)
                || value > MaxValue)
            {
                return false;
            }

            seen[unit] = true;
            parts[unit] = value;
            i++;
        }

        duration = new RetentionDuration(parts[0], parts[1], parts[2], parts[3], parts[4]);
        return !duration.IsZero;
    }

    /// <summary>
    /// The moment this duration before <paramref name="time"/>: the calendar parts subtracted on the wall clock of
    /// <paramref name="timeZone"/>, then the hours.
    /// </summary>
    /// <param name="time">The moment to count back from.</param>
    /// <param name="timeZone">The time zone whose calendar and daylight-saving rules apply.</param>
    /// <returns>The earlier moment; <see cref="DateTimeOffset.MinValue"/> when it lies before year 1.</returns>
    public DateTimeOffset SubtractFrom(DateTimeOffset time, TimeZoneInfo timeZone)
    {
        ArgumentNullException.ThrowIfNull(timeZone);
        try
        {
            var wall = TimeZoneInfo.ConvertTime(time, timeZone).DateTime
                .AddYears(-Years)
                .AddMonths(-Months)
                .AddDays(-((7.0 * Weeks) + Days));
            return new DateTimeOffset(wall, OffsetOf(wall, timeZone)).AddHours(-Hours);
        }
        catch (ArgumentOutOfRangeException)
        {
            return DateTimeOffset.MinValue;
        }
    }

    /// <summary>The duration in its canonical form, units in the order y, m, w, d, h, zero parts left out (e.g. <c>1y6m</c>).</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        Append(text, Years, 'y');
        Append(text, Months, 'm');
        Append(text, Weeks, 'w');
        Append(text, Days, 'd');
        Append(text, Hours, 'h');
        return text.Length == 0 ? "0h" : text.ToString();
    }

    private static void Append(StringBuilder text, int value, char unit)
    {
        if (value != 0)
        {
            text.Append(value.ToString(CultureInfo.InvariantCulture)).Append(unit);
        }
    }

    /// <summary>
    /// The offset of a wall-clock time. A time that occurs twice (clocks turned back) takes its first occurrence, the earlier
    /// moment, so that a cutoff keeps more rather than less; a time that does not exist (clocks turned forward) takes the
    /// standard offset, which places it after the gap.
    /// </summary>
    private static TimeSpan OffsetOf(DateTime wall, TimeZoneInfo timeZone)
    {
        if (timeZone.IsAmbiguousTime(wall))
        {
            var offsets = timeZone.GetAmbiguousTimeOffsets(wall);
            return offsets.Max();
        }

        return timeZone.IsInvalidTime(wall) ? timeZone.BaseUtcOffset : timeZone.GetUtcOffset(wall);
    }
}
