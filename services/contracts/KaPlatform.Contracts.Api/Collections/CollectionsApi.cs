namespace KaPlatform.Contracts.Api.Collections;

public static class CollectionsApi
{
    public static RouteGroupBuilder MapCollectionsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/collections").WithTags("Collections");
        group.MapPost("/overdue-scan", OverdueScan.HandleAsync)
            .WithSummary("Run the overdue scan now (admin, finance): milestones past due become overdue");
        group.MapGet("/aging", AgingReport.HandleAsync)
            .WithSummary("Receivables by age bucket, per account or group, as of a date");
        group.MapGet("/dso", DsoReport.HandleAsync)
            .WithSummary("Days sales outstanding by period");
        group.MapGet("/battle-map", BattleMap.HandleAsync)
            .WithSummary("Collections battle map: what to chase next, account by account");
        return group;
    }
}
