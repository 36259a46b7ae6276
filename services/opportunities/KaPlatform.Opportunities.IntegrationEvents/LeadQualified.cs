using KaPlatform.Messaging.Contracts;

namespace KaPlatform.Opportunities.IntegrationEvents;

/// <summary>BANT confirmed: the lead became an opportunity (docs/product.md §2.1).</summary>
public sealed record LeadQualified(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid AccountId,
    Guid LeadId,
    Guid OpportunityId,
    Guid OwnerId) : IIntegrationEvent;
