using KaPlatform.Messaging.Contracts;

namespace KaPlatform.Contracts.IntegrationEvents;

/// <summary>Money applied to a contract, one event per milestone application (ERP: payment_received). MilestoneId is null for unapplied credit.</summary>
public sealed record PaymentReceived(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid AccountId,
    Guid ContractId,
    string Number,
    Guid PaymentId,
    Guid? MilestoneId,
    decimal Amount,
    string Currency,
    DateOnly ReceivedAt,
    string ExternalRef) : IIntegrationEvent;
