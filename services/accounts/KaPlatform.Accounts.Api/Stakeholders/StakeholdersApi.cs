using KaPlatform.ServiceDefaults.OpenApi;
namespace KaPlatform.Accounts.Api.Stakeholders;

public static class StakeholdersApi
{
    public static IEndpointRouteBuilder MapStakeholdersApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/accounts/{id:guid}").WithTags("Stakeholders");
        group.MapPost("/stakeholders", AddStakeholder.HandleAsync).Refuses("unknown_reports_to", "reporting_cycle");
        group.MapGet("/stakeholders", ListStakeholders.HandleAsync);
        group.MapGet("/stakeholders/{sid:guid}", ListStakeholders.GetAsync);
        group.MapPatch("/stakeholders/{sid:guid}", UpdateStakeholder.HandleAsync).Refuses("stakeholder_departed", "unknown_reports_to", "reporting_cycle");
        group.MapPost("/stakeholders/{sid:guid}/departure", RecordDeparture.HandleAsync).Refuses("already_departed");
        group.MapGet("/stakeholders/{sid:guid}/history", StakeholderHistory.HandleAsync);
        group.MapGet("/power-map", PowerMap.HandleAsync);
        // A literal segment: never taken for an account id (those are constrained to :guid).
        app.MapGet("/api/accounts/settings/behavior-styles", ChangeBehaviorStyles.GetAsync).WithTags("Stakeholders");
        app.MapPut("/api/accounts/settings/behavior-styles", ChangeBehaviorStyles.PutAsync).WithTags("Stakeholders");
        return app;
    }
}
