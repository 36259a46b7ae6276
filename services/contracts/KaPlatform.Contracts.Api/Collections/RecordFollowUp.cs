using System.Security.Claims;
using Dapper;
using KaPlatform.Contracts.Api.Contracts;
using KaPlatform.Contracts.Api.Stakeholders;
using KaPlatform.Messaging;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.ServiceDefaults.Input;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace KaPlatform.Contracts.Api.Collections;

public sealed record RecordFollowUpRequest(DateOnly? Date, Guid? StakeholderId, string? Action, DateOnly? PromisedDate, string? Result);

public sealed class FollowUpResponse
{
    public const string Columns = "id, contract_id, milestone_id, date, stakeholder_id, action, promised_date, result, recorded_by, created_at";

    public Guid Id { get; init; }
    public Guid ContractId { get; init; }
    public Guid MilestoneId { get; init; }
    public DateOnly Date { get; init; }
    public Guid? StakeholderId { get; init; }
    public string Action { get; init; } = "";
    public DateOnly? PromisedDate { get; init; }
    public string? Result { get; init; }
    public Guid RecordedBy { get; init; }
    public DateTime CreatedAt { get; init; }
}

/// <summary>POST /api/contracts/{id}/milestones/{mid}/follow-ups: a line of the collection tracking sheet (催款跟进).</summary>
public static class RecordFollowUp
{
    public static async Task<Created<FollowUpResponse>> HandleAsync(
        Guid id, Guid mid, RecordFollowUpRequest request, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        await using var work = await UnitOfWork.BeginAsync(db, cancellationToken);
        var contract = await ContractAccess.LoadForUpdateAsync(work, caller, id, ContractAccess.PlanWriters);
        if (!await Evidence.RecordEvidence.MilestoneOfAsync(work, id, mid))
        {
            throw ContractAccess.NotFound("milestone");
        }

        new FieldErrors()
            .Check(request.Date is not null, "date", "required (YYYY-MM-DD)")
            .Check(!string.IsNullOrWhiteSpace(request.Action) && request.Action.Length <= 1000, "action", "1 to 1000 characters")
            .Check(request.Result is null || request.Result.Length <= 2000, "result", "at most 2000 characters")
            .Check(request.PromisedDate is null || request.Date is null || request.PromisedDate >= request.Date, "promisedDate", "on or after date")
            .ThrowIfAny();
        await StakeholderDirectory.RequireOfAccountAsync(work, contract.AccountId, request.StakeholderId is { } who ? [who] : [], "stakeholderId");

        var followUp = await work.Connection.QuerySingleAsync<FollowUpResponse>(
            $"""
            INSERT INTO follow_ups (id, contract_id, milestone_id, date, stakeholder_id, action, promised_date, result, recorded_by)
            VALUES (@FollowUpId, @id, @mid, @Date, @StakeholderId, @Action, @PromisedDate, @Result, @UserId)
            RETURNING {FollowUpResponse.Columns}
            """,
            new { FollowUpId = Guid.CreateVersion7(), id, mid, request.Date, request.StakeholderId, Action = request.Action!.Trim(), request.PromisedDate, request.Result, caller.UserId },
            work.Transaction);
        await work.AuditAsync(caller, "follow_up", followUp.Id, "recorded", request, cancellationToken);
        await work.CommitAsync(cancellationToken);
        return TypedResults.Created($"/api/contracts/{id}/milestones/{mid}/follow-ups/{followUp.Id}", followUp);
    }
}
