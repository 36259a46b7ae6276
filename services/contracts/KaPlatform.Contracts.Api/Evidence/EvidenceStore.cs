using Dapper;
using KaPlatform.Messaging;
using KaPlatform.ServiceDefaults.Auth;

namespace KaPlatform.Contracts.Api.Evidence;

public sealed class EvidenceResponse
{
    public Guid Id { get; init; }
    public Guid ContractId { get; init; }
    public Guid? MilestoneId { get; init; }
    public int Seq { get; init; }
    public string Kind { get; init; } = "";
    public string Reference { get; init; } = "";
    public DateTime OccurredAt { get; init; }
    public string? Note { get; init; }
    public string? Sha256 { get; init; }
    public Guid RecordedBy { get; init; }
    public DateTime RecordedAt { get; init; }
}

public sealed record NewEvidence(Guid? MilestoneId, string Kind, string Reference, DateTimeOffset OccurredAt, string? Note, string? Sha256);

/// <summary>Appends to a contract's evidence chain. Callers hold the contract row lock, so seq has no gaps or twins.</summary>
public static class EvidenceStore
{
    public static readonly string[] Kinds = ["contract_copy", "delivery_note", "acceptance_certificate", "sign_off", "correspondence", "invoice_receipt"];

    private const string Columns = "id, contract_id, milestone_id, seq, kind, reference, occurred_at, note, sha256, recorded_by, recorded_at";

    public static async Task<EvidenceResponse> AppendAsync(UnitOfWork work, Caller caller, Guid contractId, NewEvidence evidence)
    {
        var row = await work.Connection.QuerySingleAsync<EvidenceResponse>(
            $"""
            INSERT INTO evidence (id, contract_id, milestone_id, seq, kind, reference, occurred_at, note, sha256, recorded_by)
            SELECT @Id, @contractId, @MilestoneId, coalesce(max(seq), 0) + 1, @Kind, @Reference, @OccurredAt, @Note, @Sha256, @RecordedBy
            FROM evidence WHERE contract_id = @contractId
            RETURNING {Columns}
            """,
            new
            {
                Id = Guid.CreateVersion7(),
                contractId,
                evidence.MilestoneId,
                evidence.Kind,
                evidence.Reference,
                OccurredAt = evidence.OccurredAt.UtcDateTime,
                evidence.Note,
                Sha256 = evidence.Sha256?.ToLowerInvariant(),
                RecordedBy = caller.UserId,
            },
            work.Transaction);
        await work.AuditAsync(caller, "evidence", row.Id, "appended", evidence);
        return row;
    }

    public static async Task<IReadOnlyList<EvidenceResponse>> ListAsync(UnitOfWork work, Guid contractId) =>
        (await work.Connection.QueryAsync<EvidenceResponse>(
            $"SELECT {Columns} FROM evidence WHERE contract_id = @contractId ORDER BY seq", new { contractId }, work.Transaction)).AsList();

    public static bool IsSha256(string? value) => value is null || (value.Length == 64 && value.All(char.IsAsciiHexDigit));
}
