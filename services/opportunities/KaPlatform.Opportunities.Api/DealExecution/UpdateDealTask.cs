using System.Security.Claims;
using System.Text.Json;
using Dapper;
using KaPlatform.Messaging;
using KaPlatform.Opportunities.Api.Opportunities;
using KaPlatform.Opportunities.Api.Shared;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.ServiceDefaults.Http;
using KaPlatform.ServiceDefaults.Input;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace KaPlatform.Opportunities.Api.DealExecution;

/// <summary>
/// PATCH /api/opportunities/{id}/tasks/{taskId} (If-Match optional): a task of an open deal (422 opportunity_closed
/// once the deal is closed).
/// </summary>
public static class UpdateDealTask
{
    public static async Task<Ok<DealTask>> HandleAsync(
        Guid id, Guid taskId, JsonElement body, ClaimsPrincipal user, HttpContext http, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        var validation = new FieldErrors().Check(body.ValueKind == JsonValueKind.Object, "body", "A JSON object with the fields to change.");
        validation.ThrowIfAny();
        DealTaskFields request;
        try
        {
            request = body.Deserialize<DealTaskFields>(KaPlatform.ServiceDefaults.Json.Options) ?? new DealTaskFields(null, null, null, null, null);
        }
        catch (JsonException)
        {
            throw FieldErrors.Invalid("body", "title (text), ownerId (UUID), dueDate (YYYY-MM-DD), status (open|done|cancelled), stage (an open stage).");
        }

        bool Has(string name) => body.TryGetProperty(name, out _);
        new FieldErrors().Check(!Has("title") || request.Title is not null, "title", "Cannot be cleared.")
            .Length("title", request.Title, 300, required: false)
            .Check(!Has("ownerId") || request.OwnerId is not null, "ownerId", "Cannot be cleared.")
            .Id("ownerId", request.OwnerId, required: false)
            .Check(!Has("dueDate") || request.DueDate is not null, "dueDate", "Cannot be cleared; a date as YYYY-MM-DD.")
            .Check(request.DueDate is null || request.DueDate.Value.Year is >= 2000 and <= 2100, "dueDate", "A date between 2000-01-01 and 2100-12-31.")
            .Check(!Has("status") || request.Status is not null, "status", "Cannot be cleared.")
            .Choice("status", request.Status, DealTask.Statuses, required: false)
            .Check(!Has("stage") || request.Stage is not null, "stage", "Cannot be cleared.")
            .Choice("stage", request.Stage, Stages.Open, required: false)
            .ThrowIfAny();

        var caller = Caller.From(user);
        await using var work = await UnitOfWork.BeginAsync(db, cancellationToken);
        await OpportunityStore.FindOpenForWriteAsync(work, caller, id);
        var current = await work.Connection.QuerySingleOrDefaultAsync<DealTask>(new CommandDefinition(
            $"SELECT {DealTask.Columns} FROM deal_tasks t WHERE t.id = @taskId AND t.opportunity_id = @id FOR UPDATE",
            new { id, taskId }, work.Transaction, cancellationToken: cancellationToken));
        current = Access.Found(current);
        Concurrency.Check(http.Request, current.Version);
        var updated = await work.Connection.QuerySingleAsync<DealTask>(new CommandDefinition(
            $"""
            UPDATE deal_tasks AS t SET title = @Title, owner_id = @OwnerId, due_date = @DueDate, status = @Status, stage = @Stage,
                version = version + 1, updated_at = clock_timestamp()
            WHERE t.id = @Id
            RETURNING {DealTask.Columns}
            """, new
            {
                current.Id,
                Title = request.Title?.Trim() ?? current.Title,
                OwnerId = request.OwnerId ?? current.OwnerId,
                DueDate = request.DueDate ?? current.DueDate,
                Status = request.Status ?? current.Status,
                Stage = request.Stage ?? current.Stage,
            }, work.Transaction, cancellationToken: cancellationToken));
        await work.AuditAsync(caller, "deal_task", taskId, "updated", new { before = current, after = updated }, cancellationToken);
        await work.CommitAsync(cancellationToken);
        http.Response.Headers.ETag = Concurrency.ETag(updated.Version);
        return TypedResults.Ok(updated);
    }
}
