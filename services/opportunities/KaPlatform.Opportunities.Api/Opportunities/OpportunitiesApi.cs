using KaPlatform.ServiceDefaults.Lists;
using KaPlatform.ServiceDefaults.OpenApi;
using KaPlatform.ServiceDefaults.Http;
namespace KaPlatform.Opportunities.Api.Opportunities;

public static class OpportunitiesApi
{
    public static RouteGroupBuilder MapOpportunitiesApi(this IEndpointRouteBuilder app)
    {
        // {id:guid} keeps these apart from the account directory's /api/opportunities/accounts/{id}.
        var group = app.MapGroup("/api/opportunities").WithTags("Opportunities");
        group.MapPost("/", OpenOpportunity.HandleAsync).Refuses("unknown_account")
            .WithSummary("Open an opportunity on an account");
        group.MapGet("/", ListOpportunities.HandleAsync)
            .WithSummary("Opportunities the caller may see, filtered and paged");
        group.MapGet("/export", ExportOpportunities.HandleAsync).Refuses("export_too_large").ProducesFile()
            .WithSummary("The filtered, sorted opportunity list as a CSV or XLSX file (same visibility as the list)");
        group.MapGet("/search", Search.SearchOpportunities.HandleAsync).WithTags("Search")
            .WithSummary("Find opportunities and bids by name or tender reference (global search)");
        group.MapGet("/{id:guid}", GetOpportunity.HandleAsync)
            .WithSummary("One opportunity with its stage readiness and stuck reasons");
        group.MapPatch("/{id:guid}", UpdateOpportunity.HandleAsync).ChecksIfMatch()
            .WithSummary("Change an opportunity (kept in its field history)");
        group.MapGet("/{id:guid}/history", FieldHistory.HandleAsync)
            .WithSummary("Who changed which field of the opportunity, and when");
        group.MapPost("/{id:guid}/stage", MoveStage.HandleAsync).Refuses("stage_gate", "opportunity_closed")
            .WithSummary("Move an opportunity to another stage (gates checked, or overridden with a reason)");
        group.MapPost("/{id:guid}/win", WinOpportunity.HandleAsync).Refuses("opportunity_closed")
            .WithSummary("Close an opportunity as won (OpportunityWon drafts the contract)");
        group.MapPost("/{id:guid}/lose", LoseOpportunity.HandleAsync).Refuses("opportunity_closed")
            .WithSummary("Close an opportunity as lost, with the reason and the competitor");
        return group;
    }
}
