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
    string? Name = null,
    // Added with Name's reasoning: a consumer that sees the loss before OpportunityOpened still knows what kind of
    // business was lost and how much (a renewal lost to a competitor is a worse signal than a missed new deal).
    string? Type = null,
    decimal? Amount = null,
    string? Currency = null) : IIntegrationEvent;
