using KaPlatform.ServiceDefaults.OpenApi;
using KaPlatform.ServiceDefaults.Http;
namespace KaPlatform.Accounts.Api.Plans;

public static class PlansApi
{
    public static IEndpointRouteBuilder MapPlansApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/accounts/{id:guid}/plans").WithTags("Account plans");
        group.MapPost("/", CreatePlan.HandleAsync).Refuses("plan_exists", "unknown_stakeholder")
            .WithSummary("Draft the account plan of a fiscal year");
        group.MapGet("/{fiscalYear:int}", UpdatePlan.GetAsync)
            .WithSummary("The account plan of a fiscal year");
        group.MapPatch("/{fiscalYear:int}", UpdatePlan.HandleAsync).ChecksIfMatch().Refuses("unknown_stakeholder")
            .WithSummary("Change an account plan (an approved plan goes back to draft)");
        group.MapPost("/{fiscalYear:int}/approve", ApprovePlan.HandleAsync).ChecksIfMatch().Refuses("plan_already_approved", "plan_without_targets")
            .WithSummary("Approve an account plan (the region's sales director or an admin)");
        group.MapPost("/{fiscalYear:int}/reviews", ReviewPlan.HandleAsync)
            .WithSummary("Record a quarterly review of an approved plan");
        group.MapGet("/{fiscalYear:int}/progress", PlanProgress.HandleAsync)
            .WithSummary("Each plan target against its actual for the fiscal year");
        // A literal segment: never taken for an account id (those are constrained to :guid).
        app.MapPost("/api/accounts/plan-review-scan", PlanReviewReminders.HandleAsync).WithTags("Account plans")
            .WithSummary("Remind account teams of quarterly plan reviews falling due (admin); it also runs every hour");
        return app;
    }
}
