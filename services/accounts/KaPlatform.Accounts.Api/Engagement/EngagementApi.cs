namespace KaPlatform.Accounts.Api.Engagement;

public static class EngagementApi
{
    public static IEndpointRouteBuilder MapEngagementApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/accounts/{id:guid}/engagement", GetEngagement.HandleAsync).WithTags("Engagement")
            .WithSummary("Influence share against effort share per stakeholder, with flags");
        return app;
    }
}
