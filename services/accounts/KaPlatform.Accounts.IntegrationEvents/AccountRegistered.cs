using KaPlatform.Messaging.Contracts;

namespace KaPlatform.Accounts.IntegrationEvents;

/// <summary>A new account exists. Carries what other services need to decide who may see it (region, owner, team).</summary>
public sealed record AccountRegistered(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid AccountId,
    string Name,
    string Region,
    Guid OwnerId,
    Guid? ParentId,
    IReadOnlyList<Guid> TeamUserIds) : IIntegrationEvent;
