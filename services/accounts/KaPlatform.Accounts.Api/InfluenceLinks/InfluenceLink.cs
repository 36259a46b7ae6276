namespace KaPlatform.Accounts.Api.InfluenceLinks;

/// <summary>
/// A tie beyond the reporting line (影响力关系, 隐性组织结构, docs/product.md §8): who sways whom, whom they trust, whom they really
/// answer to, who competes with whom.
/// </summary>
public sealed class InfluenceLink
{
    public const string Columns = "l.id, l.account_id, l.from_id, l.to_id, l.kind, l.strength, l.note, l.created_by, l.created_at";

    public static readonly string[] Kinds = ["influences", "trusted_advisor", "informal_reports_to", "rival", "ally_of"];

    public Guid Id { get; init; }
    public Guid AccountId { get; init; }
    public Guid FromId { get; init; }
    public Guid ToId { get; init; }
    public string Kind { get; init; } = "";

    /// <summary>1 weak, 2 clear, 3 strong.</summary>
    public int Strength { get; init; }

    public string? Note { get; init; }
    public Guid CreatedBy { get; init; }
    public DateTime CreatedAt { get; init; }
}
