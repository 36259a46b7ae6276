using KaPlatform.Messaging.Contracts;

namespace KaPlatform.Accounts.IntegrationEvents;

/// <summary>The account plan of a fiscal year was approved (docs/product.md §1.6).</summary>
public sealed record AccountPlanApproved(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid AccountId,
    int FiscalYear,
    decimal ContractAmountTarget,
    decimal CollectionAmountTarget,
    int OpportunitiesIncubatedTarget,
    int OpportunitiesCapturedTarget) : IIntegrationEvent;
