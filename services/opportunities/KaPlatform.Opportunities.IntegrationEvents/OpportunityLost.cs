using KaPlatform.Messaging.Contracts;

namespace KaPlatform.Opportunities.IntegrationEvents;

/// <summary>Lost, with the reason and, when known, the competitor who won.</summary>
public sealed record OpportunityLost(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid AccountId,
    Guid OpportunityId,
    Guid OwnerId,
    string Reason,
    string? Competitor,
    DateOnly CloseDate,
    // Added later, so that a consumer can name the deal without waiting for OpportunityOpened; null on older events.
    string? Name = null) : IIntegrationEvent;
