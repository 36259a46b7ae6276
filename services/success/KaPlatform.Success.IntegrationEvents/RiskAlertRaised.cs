using KaPlatform.Messaging.Contracts;

namespace KaPlatform.Success.IntegrationEvents;

/// <summary>A risk alert was opened (docs/product.md §4.2).</summary>
public sealed record RiskAlertRaised(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid AccountId,
    Guid AlertId,
    string Kind,
    string Severity,
    string Reason) : IIntegrationEvent;
