using Microsoft.Extensions.Configuration;

namespace KaPlatform.ServiceDefaults;

/// <summary>
/// The one answer to "what day is it?" for every service: the business's time zone (`Business:TimeZone`, default
/// Asia/Shanghai), not UTC, so a contract, a milestone and a health score agree between 16:00 and 24:00 UTC.
/// </summary>
public sealed class BusinessCalendar(TimeZoneInfo zone, TimeProvider clock)
{
    public const string DefaultTimeZone = "Asia/Shanghai";

    /// <summary>The process's calendar, set from configuration at start-up; static so value parsers can reach it.</summary>
    public static BusinessCalendar Current { get; private set; } = new(TimeZoneInfo.FindSystemTimeZoneById(DefaultTimeZone), TimeProvider.System);

    public TimeZoneInfo Zone { get; } = zone;

    public DateOnly Today => DateOf(clock.GetUtcNow());

    public DateOnly DateOf(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, Zone).DateTime);

    /// <summary>The instant a business day starts (midnight in the business time zone), as UTC.</summary>
    public DateTimeOffset StartOf(DateOnly date)
    {
        var local = date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, Zone.GetUtcOffset(local)).ToUniversalTime();
    }

    public static BusinessCalendar FromConfiguration(IConfiguration configuration, TimeProvider clock)
    {
        var id = configuration["Business:TimeZone"];
        var calendar = new BusinessCalendar(TimeZoneInfo.FindSystemTimeZoneById(string.IsNullOrWhiteSpace(id) ? DefaultTimeZone : id), clock);
        Current = calendar;
        return calendar;
    }
}
