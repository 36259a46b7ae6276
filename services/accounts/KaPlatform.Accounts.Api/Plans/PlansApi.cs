namespace KaPlatform.Accounts.Api.Plans;

public static class PlansApi
{
    public static IEndpointRouteBuilder MapPlansApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/accounts/{id:guid}/plans").WithTags("Account plans");
        group.MapPost("/", CreatePlan.HandleAsync);
        group.MapGet("/{fiscalYear:int}", UpdatePlan.GetAsync);
        group.MapPatch("/{fiscalYear:int}", UpdatePlan.HandleAsync);
        group.MapPost("/{fiscalYear:int}/approve", ApprovePlan.HandleAsync);
        group.MapPost("/{fiscalYear:int}/reviews", ReviewPlan.HandleAsync);
        group.MapGet("/{fiscalYear:int}/progress", PlanProgress.HandleAsync);
        return app;
    }
}
