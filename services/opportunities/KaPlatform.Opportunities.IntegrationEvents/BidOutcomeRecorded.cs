using KaPlatform.Messaging.Contracts;

namespace KaPlatform.Opportunities.IntegrationEvents;

/// <summary>A tender was won, lost or cancelled.</summary>
public sealed record BidOutcomeRecorded(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid AccountId,
    Guid BidId,
    Guid OpportunityId,
    string Outcome,
    string? Reason) : IIntegrationEvent;
