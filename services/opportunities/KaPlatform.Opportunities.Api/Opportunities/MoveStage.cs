using System.Security.Claims;
using KaPlatform.Messaging;
using KaPlatform.Opportunities.Api.Shared;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.ServiceDefaults.Input;
using KaPlatform.ServiceDefaults.OpenApi;
using KaPlatform.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace KaPlatform.Opportunities.Api.Opportunities;

public sealed record StageOverride(string? Reason);

public sealed record MoveStageRequest([property: OneOf(typeof(Stages), nameof(Stages.Open))] string? Stage, StageOverride? Override);

/// <summary>
/// POST /api/opportunities/{id}/stage. Forward moves cross the gates of every stage they pass (422 stage_gate with the
/// failed rule codes) unless an override reason is given, which the stage history and the audit trail keep.
/// Backward moves are free: a deal that slips is recorded, not blocked.
/// </summary>
public static class MoveStage
{
    public static async Task<Ok<OpportunityResponse>> HandleAsync(
        Guid id, MoveStageRequest request, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        new FieldErrors()
            .Check(request.Stage is not (Stages.Won or Stages.Lost), "stage", "Close a deal with /win or /lose.")
            .Choice("stage", request.Stage, Stages.Open)
            .Check(request.Override is null || !string.IsNullOrWhiteSpace(request.Override.Reason), "override.reason", "An override needs a reason.")
            .Length("override.reason", request.Override?.Reason, 1000, required: false)
            .ThrowIfAny();

        var caller = Caller.From(user);
        await using var work = await UnitOfWork.BeginAsync(db, cancellationToken);
        var row = await OpportunityStore.FindOpenForWriteAsync(work, caller, id);
        if (row.Stage == request.Stage)
        {
            return TypedResults.Ok(await OpportunityStore.RespondAsync(work.Connection, work.Transaction, row));
        }

        var readiness = await StageGates.ReadinessAsync(work.Connection, work.Transaction, row);
        var failed = StageGates.FailedBetween(readiness, row.Stage, request.Stage!);
        if (failed.Length > 0 && request.Override is null)
        {
            throw new BusinessRuleException("stage_gate", $"Moving into {request.Stage} needs: {string.Join(", ", failed)}.",
                extensions: new Dictionary<string, object?> { ["failed"] = failed });
        }

        var moved = await OpportunityStore.MoveAsync(work, caller, row, request.Stage!, request.Override?.Reason?.Trim(), failed, cancellationToken);
        var response = await OpportunityStore.RespondAsync(work.Connection, work.Transaction, moved);
        await work.CommitAsync(cancellationToken);
        return TypedResults.Ok(response);
    }
}
