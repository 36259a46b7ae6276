using KaPlatform.ServiceDefaults.OpenApi;
namespace KaPlatform.Accounts.Api.Interactions;

public static class InteractionsApi
{
    public static IEndpointRouteBuilder MapInteractionsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/accounts/{id:guid}/interactions", LogInteraction.HandleAsync).WithTags("Interactions").Refuses("unknown_stakeholder")
            .WithSummary("Log a visit, call or meeting with the account's stakeholders");
        app.MapGet("/api/accounts/{id:guid}/interactions", SearchInteractions.ForAccountAsync).WithTags("Interactions")
            .WithSummary("An account's visit log, newest first, with text search");
        app.MapGet("/api/interactions", SearchInteractions.AcrossAccountsAsync).WithTags("Interactions")
            .WithSummary("Visits across every account the caller may see, with text search");
        return app;
    }
}
