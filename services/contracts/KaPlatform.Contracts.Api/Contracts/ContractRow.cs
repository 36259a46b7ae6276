using System.Text.Json.Serialization;

namespace KaPlatform.Contracts.Api.Contracts;

/// <summary>A contract as stored. A class, not a positional record: Dapper maps uuid[] and nullable columns onto properties.</summary>
public sealed class ContractRow
{
    public const string Columns = """
        c.id, c.number, c.account_id, c.opportunity_id, c.owner_id, c.title, c.amount, c.currency, c.status,
        c.signed_at, c.start_date, c.end_date, c.delivered_at, c.accepted_at, c.payment_approver_ids,
        c.unapplied_credit, c.created_at, c.updated_at, c.version
        """;

    public Guid Id { get; init; }
    public string Number { get; init; } = "";
    public Guid AccountId { get; init; }
    public Guid OpportunityId { get; init; }
    public Guid OwnerId { get; init; }
    public string Title { get; init; } = "";
    public decimal Amount { get; init; }
    public string Currency { get; init; } = "";
    public string Status { get; init; } = "";
    public DateOnly? SignedAt { get; init; }
    public DateOnly? StartDate { get; init; }
    public DateOnly? EndDate { get; init; }
    public DateOnly? DeliveredAt { get; init; }
    public DateOnly? AcceptedAt { get; init; }
    public Guid[] PaymentApproverIds { get; init; } = [];
    public decimal UnappliedCredit { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; init; }
    public int Version { get; init; }

    [JsonIgnore]
    public bool IsDraft => Status == ContractStatus.Draft;
}

public static class ContractStatus
{
    public const string Draft = "draft";
    public const string Signed = "signed";
    public const string InExecution = "in_execution";
    public const string Completed = "completed";
    public const string Terminated = "terminated";

    public static readonly string[] All = [Draft, Signed, InExecution, Completed, Terminated];
}
