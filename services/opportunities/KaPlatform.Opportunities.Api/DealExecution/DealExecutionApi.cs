using KaPlatform.ServiceDefaults.Http;

namespace KaPlatform.Opportunities.Api.DealExecution;

public static class DealExecutionApi
{
    public static IEndpointRouteBuilder MapDealExecutionApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/opportunities").WithTags("Deal execution");
        group.MapPut("/{id:guid}/success-factors", SuccessFactors.PutAsync).WithSummary("Replace the top three success factors");
        group.MapGet("/{id:guid}/success-factors", SuccessFactors.GetAsync).WithSummary("The current success factors");
        group.MapGet("/{id:guid}/success-factors/history", SuccessFactors.HistoryAsync).WithSummary("How the success factors moved");
        group.MapPost("/{id:guid}/tasks", AddDealTask.HandleAsync).WithSummary("Add a deal task");
        group.MapGet("/{id:guid}/tasks", ListDealTasks.HandleAsync).WithSummary("A deal's tasks, by due date");
        group.MapPatch("/{id:guid}/tasks/{taskId:guid}", UpdateDealTask.HandleAsync).ChecksIfMatch().WithSummary("Change a deal task");
        // A literal segment: never taken for an opportunity id (those are constrained to :guid).
        group.MapGet("/settings/stage-norms", StageNorms.GetAsync).WithSummary("Days a deal may stay in each stage");
        group.MapPut("/settings/stage-norms", StageNorms.PutAsync).WithSummary("Change the stage norms (admin)");
        return app;
    }
}
