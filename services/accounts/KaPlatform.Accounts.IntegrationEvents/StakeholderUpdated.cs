using KaPlatform.Messaging.Contracts;

namespace KaPlatform.Accounts.IntegrationEvents;

/// <summary>A stakeholder's roles, influence, stance or closeness changed; carries the current state.</summary>
public sealed record StakeholderUpdated(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid AccountId,
    Guid StakeholderId,
    string Name,
    string? Title,
    IReadOnlyList<string> BuyingRoles,
    int Influence,
    string Stance,
    decimal CompositeCloseness) : IIntegrationEvent;
