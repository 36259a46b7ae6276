using System.Globalization;

namespace KaPlatform.ServiceDefaults.Input;

/// <summary>
/// A date field reads `YYYY-MM-DD`, or an ISO-8601 instant whose calendar date (in the business time zone) is taken,
/// so a client that only has timestamps need not cut them (docs/api-contract.md).
/// </summary>
public static class FlexibleDate
{
    public static bool TryParse(string text, out DateOnly date)
    {
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
        {
            return true;
        }

        if (text.Length > 10 && text[10] == 'T'
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            && at.Year is > 1 and < 9999)
        {
            date = BusinessCalendar.Current.DateOf(at);
            return true;
        }

        return false;
    }
}
