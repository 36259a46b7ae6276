namespace KaPlatform.Contracts.Api.PaymentPlans;

public sealed record DueRule(string Type, string Value);

public sealed class MilestoneRow
{
    public const string Columns = """
        m.id, m.contract_id, m.seq, m.kind, m.percent, m.amount, m.due_rule_type, m.due_rule_value, m.due_date,
        m.invoiced_at, m.paid_amount, m.settled_on, m.overdue_since, m.status
        """;

    public Guid Id { get; init; }
    public Guid ContractId { get; init; }
    public int Seq { get; init; }
    public string Kind { get; init; } = "";
    public decimal Percent { get; init; }
    public decimal Amount { get; init; }
    public string DueRuleType { get; init; } = "";
    public string DueRuleValue { get; init; } = "";
    public DateOnly? DueDate { get; init; }
    public DateTime? InvoicedAt { get; init; }
    public decimal PaidAmount { get; init; }
    public DateOnly? SettledOn { get; init; }
    public DateOnly? OverdueSince { get; init; }
    public string Status { get; init; } = "";

    public decimal Outstanding => Amount - PaidAmount;
}
