using KaPlatform.ServiceDefaults.OpenApi;
namespace KaPlatform.Accounts.Api.Plans;

public static class PlansApi
{
    public static IEndpointRouteBuilder MapPlansApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/accounts/{id:guid}/plans").WithTags("Account plans");
        group.MapPost("/", CreatePlan.HandleAsync).Refuses("plan_exists", "unknown_stakeholder");
        group.MapGet("/{fiscalYear:int}", UpdatePlan.GetAsync);
        group.MapPatch("/{fiscalYear:int}", UpdatePlan.HandleAsync).Refuses("unknown_stakeholder");
        group.MapPost("/{fiscalYear:int}/approve", ApprovePlan.HandleAsync).Refuses("plan_already_approved", "plan_without_targets");
        group.MapPost("/{fiscalYear:int}/reviews", ReviewPlan.HandleAsync);
        group.MapGet("/{fiscalYear:int}/progress", PlanProgress.HandleAsync);
        // A literal segment: never taken for an account id (those are constrained to :guid).
        app.MapPost("/api/accounts/plan-review-scan", PlanReviewReminders.HandleAsync).WithTags("Account plans")
            .WithSummary("Remind account teams of quarterly plan reviews falling due (admin); it also runs every hour");
        return app;
    }
}
