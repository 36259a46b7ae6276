using KaPlatform.Messaging.Contracts;

namespace KaPlatform.Opportunities.IntegrationEvents;

/// <summary>
/// An open deal became stuck (docs/opportunities.md, "stuck deals"): longer in its stage than the stage's norm, or an
/// open task of its stage past due. Sent once per stay in a stage, identified by the stage and the day it was entered.
/// </summary>
/// <param name="Reasons">Reason codes: over_stage_norm, overdue_task.</param>
/// <param name="NormDays">The stage's norm in days, when it has one.</param>
public sealed record OpportunityStuck(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid AccountId,
    Guid OpportunityId,
    string Name,
    Guid OwnerId,
    string Stage,
    DateOnly EnteredStageOn,
    int DaysInStage,
    int? NormDays,
    int OverdueTasks,
    IReadOnlyList<string> Reasons) : IIntegrationEvent;
