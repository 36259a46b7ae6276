namespace KaPlatform.Opportunities.Api.Portfolio;

public static class PortfolioApi
{
    public static void MapPortfolioApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/portfolio").WithTags("Portfolio");
        group.MapGet("/", GetPortfolio.HandleAsync);
        group.MapGet("/settings", PortfolioSettings.GetAsync);
        group.MapPut("/settings", PortfolioSettings.PutAsync);
    }
}
