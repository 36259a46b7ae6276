using KaPlatform.Messaging.Contracts;

namespace KaPlatform.Success.IntegrationEvents;

/// <summary>A success review found a valued new need: opportunities-api opens one expansion opportunity per need.</summary>
public sealed record ExpansionIdentified(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid AccountId,
    Guid ReviewId,
    Guid NeedId,
    string Description,
    decimal EstimatedValue,
    string Currency,
    Guid? OwnerId) : IIntegrationEvent;
