using System.Security.Claims;
using Dapper;
using KaPlatform.Contracts.Api.Contracts;
using KaPlatform.Messaging;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.ServiceDefaults.Input;
using KaPlatform.ServiceDefaults.OpenApi;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace KaPlatform.Contracts.Api.Evidence;

public sealed record RecordEvidenceRequest(Guid? MilestoneId, [property: OneOf(typeof(EvidenceStore), nameof(EvidenceStore.Kinds))] string? Kind, string? Reference, DateTimeOffset? OccurredAt, string? Note, string? Sha256);

/// <summary>POST /api/contracts/{id}/evidence: append to the evidence chain (never edited or deleted, docs/product.md §3.3).</summary>
public static class RecordEvidence
{
    public static async Task<Created<EvidenceResponse>> HandleAsync(
        Guid id, RecordEvidenceRequest request, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        await using var work = await UnitOfWork.BeginAsync(db, cancellationToken);
        await ContractAccess.LoadForUpdateAsync(work, caller, id, ContractAccess.PlanWriters);
        new FieldErrors()
            .Check(request.Kind is not null && EvidenceStore.Kinds.Contains(request.Kind), "kind", $"one of {string.Join(", ", EvidenceStore.Kinds)}")
            .Check(!string.IsNullOrWhiteSpace(request.Reference) && request.Reference.Length <= 500, "reference", "1 to 500 characters")
            .Check(request.OccurredAt is not null, "occurredAt", "required (ISO-8601 instant)")
            .Check(request.Note is null || request.Note.Length <= 4000, "note", "at most 4000 characters")
            .Check(EvidenceStore.IsSha256(request.Sha256), "sha256", "64 hexadecimal characters")
            .Check(request.MilestoneId is null || await MilestoneOfAsync(work, id, request.MilestoneId.Value), "milestoneId", "not a milestone of this contract")
            .ThrowIfAny();

        var evidence = await EvidenceStore.AppendAsync(work, caller, id, new NewEvidence(
            request.MilestoneId, request.Kind!, request.Reference!.Trim(), request.OccurredAt!.Value, request.Note, request.Sha256));
        await work.CommitAsync(cancellationToken);
        return TypedResults.Created($"/api/contracts/{id}/evidence/{evidence.Id}", evidence);
    }

    public static Task<bool> MilestoneOfAsync(UnitOfWork work, Guid contractId, Guid milestoneId) =>
        work.Connection.ExecuteScalarAsync<bool>(
            "SELECT EXISTS (SELECT 1 FROM milestones WHERE id = @milestoneId AND contract_id = @contractId)",
            new { contractId, milestoneId }, work.Transaction);
}
