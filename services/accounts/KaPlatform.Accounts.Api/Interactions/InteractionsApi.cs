using KaPlatform.ServiceDefaults.OpenApi;
namespace KaPlatform.Accounts.Api.Interactions;

public static class InteractionsApi
{
    public static IEndpointRouteBuilder MapInteractionsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/accounts/{id:guid}/interactions", LogInteraction.HandleAsync).WithTags("Interactions").Refuses("unknown_stakeholder");
        app.MapGet("/api/accounts/{id:guid}/interactions", SearchInteractions.ForAccountAsync).WithTags("Interactions");
        app.MapGet("/api/interactions", SearchInteractions.AcrossAccountsAsync).WithTags("Interactions");
        return app;
    }
}
