using KaPlatform.Messaging.Contracts;

namespace KaPlatform.Opportunities.IntegrationEvents;

/// <summary>The opportunity moved stage; Overridden when a gate was passed with an audited reason.</summary>
public sealed record OpportunityStageChanged(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid AccountId,
    Guid OpportunityId,
    string FromStage,
    string ToStage,
    int Probability,
    bool Overridden) : IIntegrationEvent;
