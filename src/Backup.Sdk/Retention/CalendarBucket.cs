using System.Globalization;

namespace Backup.Sdk.Retention;

/// <summary>The calendar buckets of the count rules: a number that is equal for two local times exactly when they share the hour, day, ISO week, month or year.</summary>
internal static class CalendarBucket
{
    public static long Hour(DateTime local) => (Day(local) * 100) + local.Hour;

    public static long Day(DateTime local) => (Month(local) * 100) + local.Day;

    /// <summary>ISO 8601 weeks start on Monday and belong to the week-year of their Thursday, so 1 January can lie in week 52 or 53 of the year before.</summary>
    public static long Week(DateTime local) => (ISOWeek.GetYear(local) * 100L) + ISOWeek.GetWeekOfYear(local);

    public static long Month(DateTime local) => (local.Year * 100L) + local.Month;

    public static long Year(DateTime local) => local.Year;
}
