using KaPlatform.Messaging.Contracts;

namespace KaPlatform.Accounts.IntegrationEvents;

/// <summary>The account's class changed after an assessment (docs/product.md §1.2). Values are the snake_case codes of docs/product.md.</summary>
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
