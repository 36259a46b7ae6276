using KaPlatform.Messaging.Contracts;

namespace KaPlatform.Contracts.IntegrationEvents;

/// <summary>Every milestone paid (ERP: contract_completed).</summary>
public sealed record ContractCompleted(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid AccountId,
    Guid ContractId,
    string Number,
    decimal Amount,
    string Currency) : IIntegrationEvent;
