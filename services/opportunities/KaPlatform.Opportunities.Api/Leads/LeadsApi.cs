namespace KaPlatform.Opportunities.Api.Leads;

public static class LeadsApi
{
    public static RouteGroupBuilder MapLeadsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/leads").WithTags("Leads");
        group.MapPost("/", RegisterLead.HandleAsync);
        group.MapGet("/", ListLeads.HandleAsync);
        group.MapGet("/{id:guid}", GetLead.HandleAsync);
        group.MapPost("/{id:guid}/follow-ups", LogFollowUp.HandleAsync);
        group.MapPost("/{id:guid}/qualify", QualifyLead.HandleAsync);
        group.MapPost("/{id:guid}/disqualify", DisqualifyLead.HandleAsync);
        return group;
    }
}
