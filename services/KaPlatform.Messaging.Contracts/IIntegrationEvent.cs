namespace KaPlatform.Messaging.Contracts;

/// <summary>docs/product.md §5: every event names itself, says when it happened and which account it concerns.</summary>
public interface IIntegrationEvent
{
    Guid EventId { get; }
    DateTimeOffset OccurredAt { get; }
    Guid AccountId { get; }
}
