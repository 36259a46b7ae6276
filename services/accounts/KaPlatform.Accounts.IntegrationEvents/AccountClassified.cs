using KaPlatform.Messaging.Contracts;

namespace KaPlatform.Accounts.IntegrationEvents;

/// <summary>The account's class changed after an assessment (SPEC §1.2). Values are the snake_case codes of the SPEC.</summary>
public sealed record AccountClassified(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid AccountId,
    int FiscalYear,
    string Class,
    string? PreviousClass,
    string PotentialLevel,
    string ContributionLevel,
    string ResourceStrategy,
    string ManagementStrategy,
    string MatrixQuadrant,
    bool Qualified) : IIntegrationEvent;
