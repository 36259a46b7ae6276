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
    DateOnly CloseDate) : IIntegrationEvent;
