using System.Security.Claims;
using Dapper;
using KaPlatform.Messaging;
using KaPlatform.Opportunities.Api.Opportunities;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.ServiceDefaults.Input;
using KaPlatform.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace KaPlatform.Opportunities.Api.DealExecution;

/// <summary>
/// POST /api/opportunities/{id}/tasks: the stage defaults to the deal's current one; a closed deal takes no new tasks
/// (422 opportunity_closed), and a deal holds at most DealTask.MaxPerDeal of them.
/// </summary>
public static class AddDealTask
{
    public static async Task<Created<DealTask>> HandleAsync(Guid id, DealTaskFields request, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        new FieldErrors().Length("title", request.Title, 300)
            .Id("ownerId", request.OwnerId, required: false)
            .Check(request.DueDate is not null, "dueDate", "Required, a date as YYYY-MM-DD.")
            .Check(request.DueDate is null || request.DueDate.Value.Year is >= 2000 and <= 2100, "dueDate", "A date between 2000-01-01 and 2100-12-31.")
            .Choice("status", request.Status, DealTask.Statuses, required: false)
            .Choice("stage", request.Stage, Stages.Open, required: false)
            .ThrowIfAny();

        var caller = Caller.From(user);
        await using var work = await UnitOfWork.BeginAsync(db, cancellationToken);
        var deal = await OpportunityStore.FindOpenForWriteAsync(work, caller, id);
        var count = await work.Connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT count(*) FROM deal_tasks WHERE opportunity_id = @id", new { id }, work.Transaction, cancellationToken: cancellationToken));
        if (count >= DealTask.MaxPerDeal)
        {
            throw new BusinessRuleException("too_many_tasks", $"A deal holds at most {DealTask.MaxPerDeal} tasks.");
        }

        var task = await work.Connection.QuerySingleAsync<DealTask>(new CommandDefinition(
            $"""
            INSERT INTO deal_tasks AS t (id, opportunity_id, title, owner_id, due_date, status, stage, created_by)
            VALUES (@Id, @OpportunityId, @Title, @OwnerId, @DueDate, @Status, @Stage, @UserId)
            RETURNING {DealTask.Columns}
            """, new
            {
                Id = Guid.CreateVersion7(), OpportunityId = id, Title = request.Title!.Trim(), OwnerId = request.OwnerId ?? caller.UserId, DueDate = request.DueDate!.Value,
                Status = request.Status ?? "open", Stage = request.Stage ?? deal.Stage, caller.UserId,
            }, work.Transaction, cancellationToken: cancellationToken));
        await work.AuditAsync(caller, "deal_task", task.Id, "added", task, cancellationToken);
        await work.CommitAsync(cancellationToken);
        return TypedResults.Created($"/api/opportunities/{id}/tasks/{task.Id}", task);
    }
}
