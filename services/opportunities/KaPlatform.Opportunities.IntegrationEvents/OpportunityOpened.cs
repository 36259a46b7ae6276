using KaPlatform.Messaging.Contracts;

namespace KaPlatform.Opportunities.IntegrationEvents;

/// <summary>A new opportunity exists. SourceContractId is set for renewals, SourceNeedId for expansions.</summary>
public sealed record OpportunityOpened(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid AccountId,
    Guid OpportunityId,
    Guid OwnerId,
    string Type,
    decimal Amount,
    string Currency,
    DateOnly? ExpectedCloseDate,
    string Stage,
    Guid? SourceContractId,
    Guid? SourceNeedId) : IIntegrationEvent;
