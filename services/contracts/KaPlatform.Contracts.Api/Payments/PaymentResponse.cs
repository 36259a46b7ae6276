namespace KaPlatform.Contracts.Api.Payments;

public sealed record PaymentApplicationResponse(Guid MilestoneId, decimal Amount);

public sealed class PaymentResponse
{
    public const string Columns = """
        p.id, p.contract_id, c.number AS contract_number, p.amount, p.currency, p.received_at, p.external_ref, p.milestone_id,
        p.unapplied_amount, p.source, p.created_at
        """;

    public Guid Id { get; init; }
    public Guid ContractId { get; init; }
    public string ContractNumber { get; init; } = "";
    public decimal Amount { get; init; }
    public string Currency { get; init; } = "";
    public DateOnly ReceivedAt { get; init; }
    public string ExternalRef { get; init; } = "";
    public Guid? MilestoneId { get; init; }
    public decimal UnappliedAmount { get; init; }
    public string Source { get; init; } = "";
    public DateTime CreatedAt { get; init; }
    public IReadOnlyList<PaymentApplicationResponse> Applications { get; set; } = [];
}
