using KaPlatform.Messaging.Contracts;

namespace KaPlatform.Accounts.IntegrationEvents;

/// <summary>A person of the customer's decision chain was added (docs/product.md §1.3). A protected contact (docs/product.md §8) travels with Confidential, an empty name and no title.</summary>
public sealed record StakeholderAdded(
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
