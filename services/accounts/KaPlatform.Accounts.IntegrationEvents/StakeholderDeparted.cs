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
    int Influence) : IIntegrationEvent;
