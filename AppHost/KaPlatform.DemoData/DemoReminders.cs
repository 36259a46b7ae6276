namespace KaPlatform.DemoData;

/// <summary>
/// The reminder scans run every hour on their own; the demo runs them once at the end, as the admin, so a fresh
/// demo's bell already shows the bids due this week, the stuck deals and this quarter's plan review.
/// </summary>
internal static class DemoReminders
{
    public static async Task RunAsync(SeedClient client, CancellationToken cancellationToken)
    {
        await client.PostAsync(DemoUser.Admin, "/api/opportunities/reminder-scan", null, cancellationToken);
        await client.PostAsync(DemoUser.Admin, $"/api/accounts/plan-review-scan?asOf={client.Dates.Today:yyyy-MM-dd}", null, cancellationToken);
    }
}
