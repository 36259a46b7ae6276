using KaPlatform.ServiceDefaults.OpenApi;
namespace KaPlatform.Opportunities.Api.Leads;

public static class LeadsApi
{
    public static RouteGroupBuilder MapLeadsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/leads").WithTags("Leads");
        group.MapPost("/", RegisterLead.HandleAsync).Refuses("unknown_account");
        group.MapGet("/", ListLeads.HandleAsync);
        group.MapGet("/{id:guid}", GetLead.HandleAsync);
        group.MapPost("/{id:guid}/follow-ups", LogFollowUp.HandleAsync).Refuses("lead_closed");
        group.MapPost("/{id:guid}/qualify", QualifyLead.HandleAsync).Refuses("bant_incomplete", "lead_closed");
        group.MapPost("/{id:guid}/disqualify", DisqualifyLead.HandleAsync);
        return group;
    }
}
