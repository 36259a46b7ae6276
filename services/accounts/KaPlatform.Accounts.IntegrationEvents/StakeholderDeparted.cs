using KaPlatform.Messaging.Contracts;

namespace KaPlatform.Accounts.IntegrationEvents;

/// <summary>A stakeholder left the customer (kept in history, off the live power map).</summary>
public sealed record StakeholderDeparted(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid AccountId,
    Guid StakeholderId,
    DateOnly LeftAt,
    Guid? MovedToAccountId,
    IReadOnlyList<string> BuyingRoles,
    string Stance,
    int Influence,
    // Added later: the departure can overtake the StakeholderAdded it follows, and a consumer should still name the
    // person. Null only on events written before the field existed.
    string? Name = null) : IIntegrationEvent;
