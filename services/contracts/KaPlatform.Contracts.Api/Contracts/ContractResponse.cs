using KaPlatform.Contracts.Api.PaymentPlans;

namespace KaPlatform.Contracts.Api.Contracts;

public sealed record DueRuleResponse(string Type, object Value);

public sealed record MilestoneResponse(
    Guid Id, int Seq, string Kind, decimal Percent, decimal Amount, DueRuleResponse DueRule, DateOnly? DueDate,
    string Status, decimal Paid, decimal Outstanding, DateTime? InvoicedAt)
{
    public static MilestoneResponse From(MilestoneRow m) => new(
        m.Id, m.Seq, m.Kind, m.Percent, m.Amount,
        new DueRuleResponse(m.DueRuleType, m.DueRuleType == PaymentPlan.FixedDate ? m.DueRuleValue : int.Parse(m.DueRuleValue, System.Globalization.CultureInfo.InvariantCulture)),
        m.DueDate, m.Status, m.PaidAmount, m.Outstanding, m.InvoicedAt);
}

public sealed record ContractResponse(
    Guid Id, string Number, Guid AccountId, Guid OpportunityId, Guid OwnerId, string Title, decimal Amount, string Currency,
    string Status, DateOnly? SignedAt, DateOnly? StartDate, DateOnly? EndDate, DateOnly? DeliveredAt, DateOnly? AcceptedAt,
    Guid[] PaymentApproverIds, decimal Collected, decimal Outstanding, decimal UnappliedCredit,
    IReadOnlyList<MilestoneResponse> Milestones, DateTime CreatedAt, DateTime UpdatedAt, int Version)
{
    public static ContractResponse From(ContractRow c, IReadOnlyList<MilestoneRow> milestones) => new(
        c.Id, c.Number, c.AccountId, c.OpportunityId, c.OwnerId, c.Title, c.Amount, c.Currency, c.Status,
        c.SignedAt, c.StartDate, c.EndDate, c.DeliveredAt, c.AcceptedAt, c.PaymentApproverIds,
        milestones.Sum(m => m.PaidAmount) + c.UnappliedCredit,
        milestones.Sum(m => m.Outstanding),
        c.UnappliedCredit,
        milestones.Select(MilestoneResponse.From).ToList(),
        c.CreatedAt, c.UpdatedAt, c.Version);
}
