using KaPlatform.Messaging.Contracts;

namespace KaPlatform.Contracts.IntegrationEvents;

/// <summary>Finance must invoice a milestone (ERP: invoice_requested).</summary>
public sealed record InvoiceRequested(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid AccountId,
    Guid ContractId,
    string Number,
    Guid MilestoneId,
    string MilestoneKind,
    decimal Amount,
    string Currency) : IIntegrationEvent;
