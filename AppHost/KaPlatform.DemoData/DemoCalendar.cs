namespace KaPlatform.DemoData;

/// <summary>
/// Every date of the demo, relative to the day it is seeded, so it stays believable whenever it runs: "due 45 days
/// ago" lands in the 31–60 aging bucket on any day, "later this quarter" is always in the current forecast period.
/// Dates that must fall in a calendar period (last year's revenue) are named by month and day of that year.
/// </summary>
internal sealed class DemoCalendar(DateOnly today)
{
    /// <summary>Customers and finance work in China time; instants of the demo are given at local office hours.</summary>
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    public DateOnly Today => today;
    public int Year => today.Year;
    public int Quarter => (today.Month + 2) / 3;
    public DateOnly QuarterStart => new(today.Year, (Quarter - 1) * 3 + 1, 1);
    public DateOnly QuarterEnd => QuarterStart.AddMonths(3).AddDays(-1);
    public DateOnly YearEnd => new(today.Year, 12, 31);

    /// <summary>The forecast periods of docs/product.md §2.4: `2026` and `2026-Q4`.</summary>
    public string YearPeriod => $"{Year}";
    public string QuarterPeriod => $"{Year}-Q{Quarter}";

    public DateOnly DaysAgo(int days) => today.AddDays(-days);
    public DateOnly InDays(int days) => today.AddDays(days);

    /// <summary>A day between today (0) and the quarter's last day (1): in the current quarter's pipeline whatever the date.</summary>
    public DateOnly LaterThisQuarter(double share) => Between(today, QuarterEnd, share);

    /// <summary>A day between today (0) and 31 December (1).</summary>
    public DateOnly LaterThisYear(double share) => Between(today, YearEnd, share);

    /// <summary>A day between the quarter's first day (0) and today (1): closed inside the current quarter.</summary>
    public DateOnly EarlierThisQuarter(double share) => Between(QuarterStart, today, share);

    /// <summary>A day of the previous calendar year (last year's revenue, for NRR/GRR).</summary>
    public DateOnly LastYear(int month, int day) => new(today.Year - 1, month, day);

    /// <summary>A one-year service term ending on <paramref name="end"/>.</summary>
    public static DateOnly TermStart(DateOnly end, int years = 1) => end.AddYears(-years).AddDays(1);

    /// <summary>An instant at a local office hour of the given day.</summary>
    public static DateTimeOffset At(DateOnly date, int hour, int minute = 0) => new(date.ToDateTime(new TimeOnly(hour, minute)), Offset);

    /// <summary>The latest of the given days that is not after today (a payment cannot be received tomorrow).</summary>
    public DateOnly NotAfterToday(DateOnly date) => date > today ? today : date;

    private static DateOnly Between(DateOnly from, DateOnly to, double share) =>
        from.AddDays((int)Math.Round(share * Math.Max(0, to.DayNumber - from.DayNumber)));
}
