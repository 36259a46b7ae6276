using KaPlatform.Messaging.Contracts;

namespace KaPlatform.Success.IntegrationEvents;

/// <summary>A contract term ends within the lead time: opportunities-api opens one renewal opportunity per contract term.</summary>
public sealed record RenewalDue(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid AccountId,
    Guid ContractId,
    Guid RenewalId,
    DateOnly EndDate,
    decimal Amount,
    string Currency,
    Guid? OwnerId) : IIntegrationEvent;
