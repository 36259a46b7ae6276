using KaPlatform.Messaging.Contracts;

namespace KaPlatform.Opportunities.IntegrationEvents;

/// <summary>A tender response was submitted (docs/product.md §2.3).</summary>
public sealed record BidSubmitted(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid AccountId,
    Guid BidId,
    Guid OpportunityId,
    DateTimeOffset SubmittedAt) : IIntegrationEvent;
