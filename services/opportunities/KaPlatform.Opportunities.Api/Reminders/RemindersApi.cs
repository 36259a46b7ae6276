namespace KaPlatform.Opportunities.Api.Reminders;

public static class RemindersApi
{
    public static IEndpointRouteBuilder MapRemindersApi(this IEndpointRouteBuilder app)
    {
        // A literal segment: never taken for an opportunity id (those are constrained to :guid).
        app.MapPost("/api/opportunities/reminder-scan", ReminderScan.HandleAsync).WithTags("Reminders")
            .WithSummary("Run the bid-deadline and stuck-deal reminders now (admin); they also run every hour");
        return app;
    }
}
