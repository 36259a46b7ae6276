using KaPlatform.ServiceDefaults.OpenApi;
using KaPlatform.ServiceDefaults.Http;
namespace KaPlatform.Accounts.Api.Stakeholders;

public static class StakeholdersApi
{
    public static IEndpointRouteBuilder MapStakeholdersApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/accounts/{id:guid}").WithTags("Stakeholders");
        group.MapPost("/stakeholders", AddStakeholder.HandleAsync).Refuses("unknown_reports_to", "reporting_cycle")
            .WithSummary("Add a stakeholder to the account's decision chain");
        group.MapGet("/stakeholders", ListStakeholders.HandleAsync)
            .WithSummary("The account's stakeholders (protected contacts only for those allowed)");
        group.MapGet("/stakeholders/{sid:guid}", ListStakeholders.GetAsync)
            .WithSummary("One stakeholder");
        group.MapPatch("/stakeholders/{sid:guid}", UpdateStakeholder.HandleAsync).ChecksIfMatch().Refuses("stakeholder_departed", "unknown_reports_to", "reporting_cycle")
            .WithSummary("Change a stakeholder (kept in their history)");
        group.MapPost("/stakeholders/{sid:guid}/departure", RecordDeparture.HandleAsync).Refuses("already_departed")
            .WithSummary("Record that a stakeholder left the customer");
        group.MapGet("/stakeholders/{sid:guid}/history", StakeholderHistory.HandleAsync)
            .WithSummary("How a stakeholder's stance, closeness and roles changed");
        group.MapGet("/power-map", PowerMap.HandleAsync)
            .WithSummary("The account's decision chain: stakeholders, reporting lines, coverage and gaps");
        // A literal segment: never taken for an account id (those are constrained to :guid).
        app.MapGet("/api/accounts/settings/behavior-styles", ChangeBehaviorStyles.GetAsync).WithTags("Stakeholders")
            .WithSummary("The behaviour styles offered for stakeholders");
        app.MapPut("/api/accounts/settings/behavior-styles", ChangeBehaviorStyles.PutAsync).ChecksIfMatch().WithTags("Stakeholders")
            .WithSummary("Change the behaviour styles offered for stakeholders (admin)");
        return app;
    }
}
