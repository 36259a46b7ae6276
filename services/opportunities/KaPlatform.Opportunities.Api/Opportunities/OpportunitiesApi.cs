using KaPlatform.ServiceDefaults.Lists;
using KaPlatform.ServiceDefaults.OpenApi;
namespace KaPlatform.Opportunities.Api.Opportunities;

public static class OpportunitiesApi
{
    public static RouteGroupBuilder MapOpportunitiesApi(this IEndpointRouteBuilder app)
    {
        // {id:guid} keeps these apart from the account directory's /api/opportunities/accounts/{id}.
        var group = app.MapGroup("/api/opportunities").WithTags("Opportunities");
        group.MapPost("/", OpenOpportunity.HandleAsync).Refuses("unknown_account");
        group.MapGet("/", ListOpportunities.HandleAsync);
        group.MapGet("/export", ExportOpportunities.HandleAsync).Refuses("export_too_large").ProducesFile();
        group.MapGet("/search", Search.SearchOpportunities.HandleAsync).WithTags("Search");
        group.MapGet("/{id:guid}", GetOpportunity.HandleAsync);
        group.MapPatch("/{id:guid}", UpdateOpportunity.HandleAsync);
        group.MapGet("/{id:guid}/history", FieldHistory.HandleAsync);
        group.MapPost("/{id:guid}/stage", MoveStage.HandleAsync).Refuses("stage_gate", "opportunity_closed");
        group.MapPost("/{id:guid}/win", WinOpportunity.HandleAsync).Refuses("opportunity_closed");
        group.MapPost("/{id:guid}/lose", LoseOpportunity.HandleAsync).Refuses("opportunity_closed");
        return group;
    }
}
