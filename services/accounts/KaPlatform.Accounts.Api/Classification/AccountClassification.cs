namespace KaPlatform.Accounts.Api.Classification;

/// <summary>One assessment and what it concluded; the history of docs/product.md §1.2 is a list of these.</summary>
public sealed record AccountClassification(
    Guid Id,
    Guid AccountId,
    int FiscalYear,
    decimal Contribution,
    decimal Potential,
    decimal? MarginPct,
    decimal? PurchaseGrowthPct,
    int? AvgPaymentDelayDays,
    string? CreditRating,
    int? StrategicFit,
    int? Openness,
    Qualification Qualification,
    bool Qualified,
    string PotentialLevel,
    string ContributionLevel,
    string Class,
    string ResourceStrategy,
    string ManagementStrategy,
    StrategyTactics Tactics,
    string MatrixQuadrant,
    decimal CompositeCloseness,
    string? LifecycleStage,
    Guid AssessedBy,
    DateTimeOffset AssessedAt);

public sealed record ClassificationView(AccountClassification? Current, IReadOnlyList<AccountClassification> History);
