using KaPlatform.Messaging.Contracts;

namespace KaPlatform.Success.IntegrationEvents;

/// <summary>The account's health band changed (SPEC §4.1).</summary>
public sealed record HealthScoreChanged(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid AccountId,
    int Score,
    string Band,
    string? PreviousBand) : IIntegrationEvent;
