using KaPlatform.Messaging.Contracts;

namespace KaPlatform.Opportunities.IntegrationEvents;

/// <summary>Won: contracts-api drafts exactly one contract per opportunity (docs/product.md §2.2, §3.1).</summary>
public sealed record OpportunityWon(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid AccountId,
    Guid OpportunityId,
    Guid OwnerId,
    string Type,
    decimal Amount,
    string Currency,
    DateOnly CloseDate,
    string Name) : IIntegrationEvent;
