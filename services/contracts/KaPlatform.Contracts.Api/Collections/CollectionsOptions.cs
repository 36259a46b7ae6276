namespace KaPlatform.Contracts.Api.Collections;

/// <summary>Bound from "Collections".</summary>
public sealed class CollectionsOptions
{
    /// <summary>Finance's calendar: "today" and the nightly scan follow the business's time zone, not UTC.</summary>
    public string TimeZone { get; set; } = "Asia/Shanghai";

    /// <summary>Local time of day of the nightly overdue scan.</summary>
    public TimeSpan ScanAt { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Reports add up this currency; amounts in others are listed apart (no exchange rates here).</summary>
    public string BaseCurrency { get; set; } = "CNY";

    public bool SchedulerEnabled { get; set; } = true;

    public DateOnly Today(TimeProvider clock)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(TimeZone);
        return DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), zone).DateTime);
    }
}
