namespace KaPlatform.Contracts.Api.Collections;

public static class CollectionsApi
{
    public static RouteGroupBuilder MapCollectionsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/collections").WithTags("Collections");
        group.MapPost("/overdue-scan", OverdueScan.HandleAsync);
        group.MapGet("/aging", AgingReport.HandleAsync);
        group.MapGet("/dso", DsoReport.HandleAsync);
        group.MapGet("/battle-map", BattleMap.HandleAsync);
        return group;
    }
}
