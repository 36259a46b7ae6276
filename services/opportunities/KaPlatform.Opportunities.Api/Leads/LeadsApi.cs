using KaPlatform.ServiceDefaults.OpenApi;
namespace KaPlatform.Opportunities.Api.Leads;

public static class LeadsApi
{
    public static RouteGroupBuilder MapLeadsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/leads").WithTags("Leads");
        group.MapPost("/", RegisterLead.HandleAsync).Refuses("unknown_account")
            .WithSummary("Register a lead");
        group.MapGet("/", ListLeads.HandleAsync)
            .WithSummary("Leads the caller may see, filtered by status and account");
        group.MapGet("/{id:guid}", GetLead.HandleAsync)
            .WithSummary("One lead with its BANT assessment and follow-ups");
        group.MapPost("/{id:guid}/follow-ups", LogFollowUp.HandleAsync).Refuses("lead_closed")
            .WithSummary("Log a follow-up on a lead");
        group.MapPost("/{id:guid}/qualify", QualifyLead.HandleAsync).Refuses("bant_incomplete", "lead_closed")
            .WithSummary("Qualify a lead into an opportunity (BANT)");
        group.MapPost("/{id:guid}/disqualify", DisqualifyLead.HandleAsync)
            .WithSummary("Disqualify a lead, with a reason");
        return group;
    }
}
