using System.Text.Json;
using Dapper;
using KaPlatform.Contracts.Api.Evidence;
using KaPlatform.Contracts.Api.PaymentPlans;
using KaPlatform.Messaging;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.ServiceDefaults.Input;

namespace KaPlatform.Contracts.Api.Contracts;

/// <summary>Body of POST .../deliveries and .../acceptance. `evidence` is a reference string or {reference, note, sha256}.</summary>
public sealed record ExecutionStepRequest(DateOnly? Date, JsonElement? Evidence);

/// <summary>
/// What a delivery and an acceptance have in common: a signed contract, a date, a document that proves it (added to
/// the evidence chain, linked to the milestone it triggers), and milestones whose due date now starts.
/// </summary>
internal static class ExecutionStep
{
    public static async Task RecordAsync(
        UnitOfWork work, Caller caller, ContractRow contract, ExecutionStepRequest request, string milestoneKind, string evidenceKind,
        DateOnly? deliveredAt, DateOnly? acceptedAt, CancellationToken cancellationToken)
    {
        var evidence = ParseEvidence(request.Evidence);
        new FieldErrors()
            .Check(request.Date is not null, "date", "required (YYYY-MM-DD)")
            .Check(evidence is { Reference.Length: > 0 and <= 500 }, "evidence", "a reference (1 to 500 characters), or {reference, note, sha256}")
            .Check(EvidenceStore.IsSha256(evidence?.Sha256), "evidence.sha256", "64 hexadecimal characters")
            .ThrowIfAny();
        ContractAccess.RequireSigned(contract);

        await work.Connection.ExecuteAsync(
            "UPDATE contracts SET delivered_at = @deliveredAt, accepted_at = @acceptedAt WHERE id = @Id",
            new { contract.Id, deliveredAt, acceptedAt }, work.Transaction);
        await MilestoneStore.StartDueDatesAsync(work, contract, contract.SignedAt, deliveredAt, acceptedAt);
        await ContractAccess.TouchAsync(work, contract.Id, contract.Status == ContractStatus.Signed ? ContractStatus.InExecution : null);

        var milestoneId = (await MilestoneStore.ListAsync(work, contract.Id)).FirstOrDefault(m => m.Kind == milestoneKind)?.Id;
        await EvidenceStore.AppendAsync(work, caller, contract.Id, new NewEvidence(
            milestoneId, evidenceKind, evidence!.Reference.Trim(), request.Date!.Value.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), evidence.Note, evidence.Sha256));
        await work.AuditAsync(caller, "contract", contract.Id, milestoneKind == "delivery" ? "delivered" : "accepted", request, cancellationToken);
    }

    private sealed record EvidenceInput(string Reference, string? Note, string? Sha256);

    private static EvidenceInput? ParseEvidence(JsonElement? element) => element switch
    {
        { ValueKind: JsonValueKind.String } s => new EvidenceInput(s.GetString()!, null, null),
        { ValueKind: JsonValueKind.Object } o => new EvidenceInput(Text(o, "reference") ?? "", Text(o, "note"), Text(o, "sha256")),
        _ => null,
    };

    private static string? Text(JsonElement o, string name) =>
        o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
