using System.Security.Claims;
using Dapper;
using KaPlatform.Opportunities.Api.Opportunities;
using KaPlatform.Opportunities.Api.Shared;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.ServiceDefaults.Http;
using KaPlatform.ServiceDefaults.Input;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace KaPlatform.Opportunities.Api.DealExecution;

/// <summary>GET /api/opportunities/{id}/tasks?status=: a visible deal's tasks, by due date.</summary>
public static class ListDealTasks
{
    public static async Task<Ok<Page<DealTask>>> HandleAsync(Guid id, string? status, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        new FieldErrors().Choice("status", status, DealTask.Statuses, required: false).ThrowIfAny();
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        Access.Found(await OpportunityStore.FindAsync(connection, null, Caller.From(user), id));
        var tasks = (await connection.QueryAsync<DealTask>(
            $"""
            SELECT {DealTask.Columns} FROM deal_tasks t
            WHERE t.opportunity_id = @id AND (@status::text IS NULL OR t.status = @status)
            ORDER BY t.due_date, t.created_at, t.id
            """, new { id, status })).ToList();
        return TypedResults.Ok(new Page<DealTask>(tasks, null));
    }
}
