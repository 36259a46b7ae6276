namespace KaPlatform.Success.Api.Revenue;

public static class RevenueApi
{
    public static IEndpointRouteBuilder MapRevenueApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/success/revenue", RevenueMetrics.HandleAsync).WithTags("Revenue")
            .WithSummary("Revenue retention and growth (NRR, GRR, expansion, referrals) by period and account class");
        return app;
    }
}
