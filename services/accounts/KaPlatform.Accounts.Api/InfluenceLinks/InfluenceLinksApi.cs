namespace KaPlatform.Accounts.Api.InfluenceLinks;

public static class InfluenceLinksApi
{
    public static IEndpointRouteBuilder MapInfluenceLinksApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/accounts/{id:guid}/influence-links").WithTags("Influence links");
        group.MapPost("/", AddInfluenceLink.HandleAsync).WithSummary("Link two stakeholders beyond the reporting line");
        group.MapGet("/", ListInfluenceLinks.HandleAsync).WithSummary("List an account's influence links");
        group.MapDelete("/{linkId:guid}", RemoveInfluenceLink.HandleAsync).WithSummary("Remove an influence link");
        return app;
    }
}
