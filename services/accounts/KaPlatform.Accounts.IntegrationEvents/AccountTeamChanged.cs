using KaPlatform.Messaging.Contracts;

namespace KaPlatform.Accounts.IntegrationEvents;

/// <summary>The account team was replaced (PUT .../team). Downstream services re-evaluate who may see the account.</summary>
public sealed record AccountTeamChanged(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid AccountId,
    Guid OwnerId,
    IReadOnlyList<TeamMember> Team,
    IReadOnlyList<Guid> TeamUserIds) : IIntegrationEvent;
