using KaPlatform.Success.Api.Shared;

namespace KaPlatform.Success.Api.Health;

public static class HealthApi
{
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        var account = app.MapGroup("/api/success/accounts/{id:guid}").WithTags("Success");
        account.MapGet("/health", AccountHealth.GetAsync).WithSummary("An account's current health score, components and reasons");
        account.MapGet("/health/history", AccountHealth.HistoryAsync).WithSummary("How an account's health score moved, newest first");
        app.MapGet("/api/success/health", HealthOverview.HandleAsync).WithTags("Success")
            .WithSummary("Current health of many accounts at once, for lists (only accounts the caller may see)");
        app.MapPost("/api/success/scan", DailyScan.HandleAsync).WithTags("Success")
            .WithSummary("Run the daily scan now (admin): renewals entering their window, every health score recomputed");
        return app;
    }
}
