using KaPlatform.Messaging.Contracts;

namespace KaPlatform.Opportunities.IntegrationEvents;

/// <summary>
/// A seller's target was set or adjusted (docs/product.md §2.4). A target belongs to a person, not to an account, so
/// <see cref="AccountId"/> is the empty uuid (docs/events.md); consumers route it by <see cref="OwnerId"/>.
/// </summary>
/// <param name="PreviousAmount">Null when the target was just set.</param>
public sealed record TargetChanged(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid AccountId,
    Guid TargetId,
    Guid OwnerId,
    string Period,
    string? ProductFamily,
    decimal Amount,
    decimal? PreviousAmount,
    string Currency,
    string Reason,
    Guid ChangedBy) : IIntegrationEvent;
