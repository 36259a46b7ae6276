using System.Globalization;
using System.Text.RegularExpressions;
using KaPlatform.ServiceDefaults.Input;

namespace KaPlatform.Opportunities.Api.Shared;

/// <summary>A planning period: a year `2026`, a quarter `2026-Q4` or a month `2026-11` (both ends inclusive).</summary>
internal sealed partial record Period(string Text, DateOnly Start, DateOnly End)
{
    /// <summary>The four quarters that end with this period's end: the win-rate window of docs/product.md §2.4.</summary>
    public DateOnly WinRateWindowStart => End.AddDays(1).AddMonths(-12);

    public static bool TryParse(string? text, out Period period)
    {
        period = null!;
        var match = text is null ? null : Pattern().Match(text.Trim());
        if (match is null || !match.Success)
        {
            return false;
        }

        var year = int.Parse(match.Groups["year"].Value, CultureInfo.InvariantCulture);
        if (match.Groups["quarter"].Success)
        {
            var quarter = match.Groups["quarter"].Value[0] - '0';
            var start = new DateOnly(year, (quarter * 3) - 2, 1);
            period = new Period($"{year}-Q{quarter}", start, start.AddMonths(3).AddDays(-1));
        }
        else if (match.Groups["month"].Success)
        {
            var start = new DateOnly(year, int.Parse(match.Groups["month"].Value, CultureInfo.InvariantCulture), 1);
            period = new Period($"{year}-{start.Month:00}", start, start.AddMonths(1).AddDays(-1));
        }
        else
        {
            period = new Period($"{year}", new DateOnly(year, 1, 1), new DateOnly(year, 12, 31));
        }

        return true;
    }

    public static Period Parse(string? text, string field = "period")
    {
        new FieldErrors().Check(TryParse(text, out var period), field, "A year (2026), quarter (2026-Q4) or month (2026-11).").ThrowIfAny();
        return period;
    }

    [GeneratedRegex(@"^(?<year>20\d\d|19\d\d)(?:-[Qq](?<quarter>[1-4])|-(?<month>0[1-9]|1[0-2]))?$")]
    private static partial Regex Pattern();
}
