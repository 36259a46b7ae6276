using KaPlatform.Messaging.Contracts;

namespace KaPlatform.Opportunities.IntegrationEvents;

/// <summary>
/// A bid still being prepared has its submission deadline within the next seven days. Sent once per bid and
/// deadline: a deadline moved later is a new fact and is announced again when it comes close.
/// </summary>
public sealed record BidDeadlineApproaching(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid AccountId,
    Guid BidId,
    Guid OpportunityId,
    string OpportunityName,
    string TenderRef,
    string Issuer,
    DateTimeOffset SubmissionDeadline) : IIntegrationEvent;
