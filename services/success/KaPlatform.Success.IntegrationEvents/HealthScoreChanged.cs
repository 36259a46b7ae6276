using KaPlatform.Messaging.Contracts;

namespace KaPlatform.Success.IntegrationEvents;

/// <summary>The account's health band changed (docs/product.md §4.1).</summary>
public sealed record HealthScoreChanged(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid AccountId,
    int Score,
    string Band,
    string? PreviousBand) : IIntegrationEvent;
