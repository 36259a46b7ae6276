using KaPlatform.ServiceDefaults.Http;

namespace KaPlatform.Opportunities.Api.Portfolio;

public static class PortfolioApi
{
    public static void MapPortfolioApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/portfolio").WithTags("Portfolio");
        group.MapGet("/", GetPortfolio.HandleAsync)
            .WithSummary("Account load per seller: key accounts, pipeline and who is overloaded");
        group.MapGet("/settings", PortfolioSettings.GetAsync)
            .WithSummary("The account-load thresholds of the portfolio view");
        group.MapPut("/settings", PortfolioSettings.PutAsync).ChecksIfMatch()
            .WithSummary("Change the account-load thresholds (admin)");
    }
}
