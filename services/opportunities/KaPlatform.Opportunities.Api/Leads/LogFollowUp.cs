using System.Security.Claims;
using Dapper;
using KaPlatform.Messaging;
using KaPlatform.Opportunities.Api.Shared;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.ServiceDefaults.Input;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace KaPlatform.Opportunities.Api.Leads;

public sealed record LogFollowUpRequest(DateOnly? Date, string? Action, string? Result, string? NextStep);

/// <summary>POST /api/leads/{id}/follow-ups: the first follow-up puts a new lead to work.</summary>
public static class LogFollowUp
{
    public static async Task<Created<FollowUp>> HandleAsync(
        Guid id, LogFollowUpRequest request, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        new FieldErrors()
            .Check(request.Date is not null, "date", "The date of the follow-up (YYYY-MM-DD).")
            .Length("action", request.Action, 2000)
            .Length("result", request.Result, 2000, required: false)
            .Length("nextStep", request.NextStep, 2000, required: false)
            .ThrowIfAny();

        var caller = Caller.From(user);
        await using var work = await UnitOfWork.BeginAsync(db, cancellationToken);
        await LeadStore.FindOpenForWriteAsync(work.Connection, work.Transaction, caller, id);
        var followUp = await work.Connection.QuerySingleAsync<FollowUp>(
            """
            INSERT INTO lead_follow_ups (id, lead_id, date, action, result, next_step, created_by)
            VALUES (@Id, @LeadId, @Date, @Action, @Result, @NextStep, @CreatedBy)
            RETURNING id, date, action, result, next_step, created_by, created_at
            """,
            new
            {
                Id = Guid.CreateVersion7(),
                LeadId = id,
                Date = request.Date!.Value,
                Action = request.Action!.Trim(),
                request.Result,
                request.NextStep,
                CreatedBy = caller.UserId,
            }, work.Transaction);
        await work.Connection.ExecuteAsync(
            "UPDATE leads SET status = 'working', updated_at = clock_timestamp() WHERE id = @id AND status = 'new'", new { id }, work.Transaction);
        await work.AuditAsync(caller, "lead", id, "follow_up_logged", request, cancellationToken);
        await work.CommitAsync(cancellationToken);
        return TypedResults.Created($"/api/leads/{id}", followUp);
    }
}
