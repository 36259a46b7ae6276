using KaPlatform.Messaging.Contracts;

namespace KaPlatform.Accounts.IntegrationEvents;

/// <summary>A visit, meeting, call, email or event with the customer was logged (docs/product.md §1.5).</summary>
public sealed record InteractionLogged(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid AccountId,
    Guid InteractionId,
    string Kind,
    DateTimeOffset InteractionAt,
    IReadOnlyList<Guid> StakeholderIds) : IIntegrationEvent;
