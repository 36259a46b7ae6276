using KaPlatform.ServiceDefaults;

namespace KaPlatform.Contracts.Api.Collections;

/// <summary>Bound from "Collections".</summary>
public sealed class CollectionsOptions
{
    /// <summary>Finance's calendar: "today" and the nightly scan follow the platform's business calendar (`Business:TimeZone`), not UTC.</summary>
    public string TimeZone => BusinessCalendar.Current.Zone.Id;

    /// <summary>Local time of day of the nightly overdue scan.</summary>
    public TimeSpan ScanAt { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Reports add up this currency; amounts in others are listed apart (no exchange rates here).</summary>
    public string BaseCurrency { get; set; } = "CNY";

    public bool SchedulerEnabled { get; set; } = true;

    /// <summary>Past-due milestones the overdue scan takes per transaction (tests set it low to scan in several chunks).</summary>
    public int OverdueScanChunk { get; set; } = 2000;

    public DateOnly Today(TimeProvider clock) => BusinessCalendar.Current.DateOf(clock.GetUtcNow());
}
