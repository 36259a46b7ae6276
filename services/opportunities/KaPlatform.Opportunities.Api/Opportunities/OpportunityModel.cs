using KaPlatform.Opportunities.Api.Shared;


namespace KaPlatform.Opportunities.Api.Opportunities;

/// <summary>Iron triangle (铁三角): business, technical and delivery leads of one deal.</summary>
public sealed record TeamMember(Guid UserId, string Role);

public sealed record Competitor(string Name, string? Strengths, string? Weaknesses, string Threat, bool Incumbent);

public sealed record InfoPoint(string Key, bool Known, string? Notes);

public sealed record GateRule(string Stage, string Rule, bool Passed);

/// <summary>One row of the stage history; a class because Dapper maps text[] onto properties, not constructor parameters.</summary>
public sealed class StageChange
{
    public string? FromStage { get; init; }
    public string ToStage { get; init; } = "";
    public int Probability { get; init; }
    public bool Overridden { get; init; }
    public string? OverrideReason { get; init; }
    public string[] Failed { get; init; } = [];
    public Guid ActorId { get; init; }
    public DateTime At { get; init; }

    /// <summary>docs/product.md §0: the entry as a code + params for clients to render in the reader's language.</summary>
    public string Code => FromStage is null ? "stage_entered" : Overridden ? "stage_moved_override" : "stage_moved";

    public IReadOnlyDictionary<string, object?> Params => new Dictionary<string, object?>
    {
        ["from"] = FromStage, ["to"] = ToStage, ["probability"] = Probability, ["failed"] = Failed,
        ["overrideReason"] = OverrideReason, ["actorId"] = ActorId,
    };

    /// <summary>The English sentence for logs and API clients that show it as is.</summary>
    public string Text => (FromStage is null ? $"Entered {ToStage}" : $"Moved from {FromStage} to {ToStage}") + $" ({Probability}%)"
        + (Overridden ? $", gate overridden ({string.Join(", ", Failed)}): {OverrideReason}" : "") + ".";
}

public sealed record OpportunityResponse(
    Guid Id,
    Guid AccountId,
    string Name,
    string Type,
    decimal Amount,
    string Currency,
    DateOnly? ExpectedCloseDate,
    string Stage,
    int Probability,
    bool ProbabilityOverridden,
    string? ProbabilityReason,
    Guid OwnerId,
    IReadOnlyList<TeamMember> Team,
    IReadOnlyList<Competitor> Competitors,
    IReadOnlyList<InfoPoint> InfoPoints,
    DateOnly? CloseDate,
    string? LossReason,
    string? LossCompetitor,
    Guid? LeadId,
    Guid? SourceContractId,
    Guid? SourceNeedId,
    IReadOnlyList<GateRule> Readiness,
    IReadOnlyList<StageChange>? StageHistory,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    int Version)
{
    /// <summary>项目卡在哪儿 (docs/product.md §9): see DealExecution.StuckRules.</summary>
    public bool Stuck => StuckReasons.Count > 0;

    public IReadOnlyList<string> StuckReasons => [.. StuckDetails.Select(d => d.Code)];

    /// <summary>The stuck reasons with their figures (days in stage, norm, overdue tasks) as code + params + English text.</summary>
    public IReadOnlyList<KaPlatform.ServiceDefaults.Texts.ServerText> StuckDetails { get; init; } = [];

    /// <summary>Product lines (docs/product.md §9) on single reads and write answers; lists leave them out (null).</summary>
    public IReadOnlyList<Lines.LineResponse>? Lines { get; init; }
}

/// <summary>A row of opportunities as stored; a class because Dapper maps nullable and jsonb-as-text columns onto properties.</summary>
public sealed class OpportunityRow
{
    public const string Columns = """
        o.id, o.account_id, o.name, o.type, o.amount, o.currency, o.expected_close_date, o.stage, o.probability,
        o.probability_reason, o.owner_id, o.team::text AS team, o.competitors::text AS competitors,
        o.info_points::text AS info_points, o.close_date, o.loss_reason, o.loss_competitor, o.lead_id,
        o.source_contract_id, o.source_need_id, o.created_at, o.updated_at, o.version
        """;

    public static readonly string[] InfoPointKeys =
    [
        "advance_steps", "buying_process", "org_support", "decision_structure", "funding_credit",
        "project_reason", "resources", "competition", "key_success_factors",
    ];

    public Guid Id { get; init; }
    public Guid AccountId { get; init; }
    public string Name { get; init; } = "";
    public string Type { get; init; } = "";
    public decimal Amount { get; init; }
    public string Currency { get; init; } = "";
    public DateOnly? ExpectedCloseDate { get; init; }
    public string Stage { get; init; } = "";
    public int Probability { get; init; }
    public string? ProbabilityReason { get; init; }
    public Guid OwnerId { get; init; }
    public string Team { get; init; } = "[]";
    public string Competitors { get; init; } = "[]";
    public string InfoPoints { get; init; } = "{}";
    public DateOnly? CloseDate { get; init; }
    public string? LossReason { get; init; }
    public string? LossCompetitor { get; init; }
    public Guid? LeadId { get; init; }
    public Guid? SourceContractId { get; init; }
    public Guid? SourceNeedId { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; init; }
    public int Version { get; init; }

    /// <summary>The list's sort key as text (its keyset cursor) and the account's name (exports); lists only.</summary>
    public string SortKey { get; init; } = "";

    public string? AccountName { get; init; }

    public IReadOnlyList<Competitor> CompetitorList => JsonColumn.Read<List<Competitor>>(Competitors, []);

    /// <summary>All nine points, in the order of docs/product.md, unknown until someone records them.</summary>
    public IReadOnlyList<InfoPoint> InfoPointList
    {
        get
        {
            var stored = JsonColumn.Read<Dictionary<string, StoredInfoPoint>>(InfoPoints, []);
            return InfoPointKeys.Select(k => stored.TryGetValue(k, out var p) ? new InfoPoint(k, p.Known, p.Notes) : new InfoPoint(k, false, null)).ToList();
        }
    }

    public OpportunityResponse ToResponse(IReadOnlyList<GateRule> readiness, IReadOnlyList<StageChange>? history = null) => new(
        Id, AccountId, Name, Type, Amount, Currency, ExpectedCloseDate, Stage, Probability, ProbabilityReason is not null, ProbabilityReason,
        OwnerId, JsonColumn.Read<List<TeamMember>>(Team, []), CompetitorList, InfoPointList, CloseDate, LossReason, LossCompetitor,
        LeadId, SourceContractId, SourceNeedId, readiness, history, CreatedAt, UpdatedAt, Version);
}

internal sealed record StoredInfoPoint(bool Known, string? Notes);
