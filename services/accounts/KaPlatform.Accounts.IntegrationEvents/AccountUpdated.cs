using KaPlatform.Messaging.Contracts;

namespace KaPlatform.Accounts.IntegrationEvents;

/// <summary>Name, region, owner, parent or classification inputs changed. Carries the account's current state, not a diff.</summary>
public sealed record AccountUpdated(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid AccountId,
    string Name,
    string Region,
    Guid OwnerId,
    Guid? ParentId,
    string? Industry,
    string? Category,
    string? PurchasePattern,
    string? LifecycleStage) : IIntegrationEvent;
