using KaPlatform.Messaging.Contracts;

namespace KaPlatform.Contracts.IntegrationEvents;

/// <summary>A draft contract was created from a won opportunity.</summary>
public sealed record ContractDrafted(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid AccountId,
    Guid ContractId,
    Guid OpportunityId,
    string Number,
    decimal Amount,
    string Currency) : IIntegrationEvent;
