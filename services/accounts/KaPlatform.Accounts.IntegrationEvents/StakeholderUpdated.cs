using KaPlatform.Messaging.Contracts;

namespace KaPlatform.Accounts.IntegrationEvents;

/// <summary>A stakeholder's roles, influence, stance or closeness changed; carries the current state. A protected contact (docs/product.md §8) travels with Confidential, an empty name and no title.</summary>
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
    decimal CompositeCloseness,
    bool Confidential = false) : IIntegrationEvent;
