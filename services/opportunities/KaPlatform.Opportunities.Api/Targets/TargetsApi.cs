using KaPlatform.ServiceDefaults.OpenApi;
namespace KaPlatform.Opportunities.Api.Targets;

public static class TargetsApi
{
    public static void MapTargetsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/targets").WithTags("Targets");
        group.MapPost("/", SetTarget.HandleAsync).Refuses("target_exists");
        group.MapGet("/", ListTargets.HandleAsync);
        group.MapGet("/{id:guid}", ListTargets.GetAsync);
        group.MapPatch("/{id:guid}", AdjustTarget.HandleAsync);
        app.MapGet("/api/forecast", Forecast.HandleAsync).WithTags("Forecast");
        app.MapGet("/api/funnel", Funnel.HandleAsync).WithTags("Forecast");
    }
}
