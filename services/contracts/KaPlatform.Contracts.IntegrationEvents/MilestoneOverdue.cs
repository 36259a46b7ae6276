using KaPlatform.Messaging.Contracts;

namespace KaPlatform.Contracts.IntegrationEvents;

/// <summary>A milestone became overdue (DaysOverdueThreshold 0) or crossed 30/60/90 days (ERP: milestone_overdue).</summary>
public sealed record MilestoneOverdue(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid AccountId,
    Guid ContractId,
    string Number,
    Guid MilestoneId,
    DateOnly DueDate,
    int DaysOverdueThreshold,
    decimal Outstanding,
    string Currency) : IIntegrationEvent;
