using KaPlatform.Messaging.Contracts;

namespace KaPlatform.Accounts.IntegrationEvents;

/// <summary>
/// The quarterly review of an approved account plan falls due (docs/accounts.md, "plan reviews"): from two weeks
/// before the quarter's last day until a review of that quarter is recorded. Sent once per plan and quarter.
/// </summary>
public sealed record AccountPlanReviewDue(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid AccountId,
    Guid PlanId,
    int FiscalYear,
    int Quarter,
    DateOnly DueDate) : IIntegrationEvent;
