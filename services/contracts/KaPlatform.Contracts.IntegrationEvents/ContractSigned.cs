using KaPlatform.Messaging.Contracts;

namespace KaPlatform.Contracts.IntegrationEvents;

/// <summary>Signed: also sent raw to ka.erp.outbound as contract_signed (docs/product.md §3.5).</summary>
public sealed record ContractSigned(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid AccountId,
    Guid ContractId,
    Guid OpportunityId,
    string Number,
    decimal Amount,
    string Currency,
    DateOnly SignedAt,
    DateOnly StartDate,
    DateOnly? EndDate) : IIntegrationEvent;
