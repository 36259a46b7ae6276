using KaPlatform.ServiceDefaults.OpenApi;
using KaPlatform.ServiceDefaults.Http;
namespace KaPlatform.Opportunities.Api.Targets;

public static class TargetsApi
{
    public static void MapTargetsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/targets").WithTags("Targets");
        group.MapPost("/", SetTarget.HandleAsync).Refuses("target_exists")
            .WithSummary("Set a seller's target for a period");
        group.MapGet("/", ListTargets.HandleAsync)
            .WithSummary("Targets the caller may see, by seller and period");
        group.MapGet("/{id:guid}", ListTargets.GetAsync)
            .WithSummary("One target with its adjustment history");
        group.MapPatch("/{id:guid}", AdjustTarget.HandleAsync).ChecksIfMatch()
            .WithSummary("Adjust a target, with a reason kept in its history");
        app.MapGet("/api/forecast", Forecast.HandleAsync).WithTags("Forecast")
            .WithSummary("Target, closed-won, pipeline, gap, coverage and win rate for a period");
        app.MapGet("/api/funnel", Funnel.HandleAsync).WithTags("Forecast")
            .WithSummary("How many deals reached each stage in a period and the conversion to the next");
    }
}
