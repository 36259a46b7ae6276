using System.Text.Json;
using System.Text.Json.Serialization;
using KaPlatform.Accounts.IntegrationEvents;
using KaPlatform.ServiceDefaults;

namespace KaPlatform.Accounts.Api.Accounts;

/// <summary>A class, not a positional record: Dapper maps uuid[] and nullable columns onto properties, not constructor parameters.</summary>
public sealed class AccountResponse
{
    /// <summary>The select list every account read uses (alias a).</summary>
    public const string Columns = """
        a.id, a.name, a.industry, a.region, a.parent_id, a.category, a.purchase_pattern, a.lifecycle_stage,
        a.owner_id, a.team::text AS team_json, a.team_user_ids, a.class, a.created_at, a.updated_at, a.version
        """;

    public Guid Id { get; init; }
    public string Name { get; init; } = "";
    public string? Industry { get; init; }
    public string Region { get; init; } = "";
    public Guid? ParentId { get; init; }
    public string? Category { get; init; }
    public string? PurchasePattern { get; init; }
    public string? LifecycleStage { get; init; }
    public Guid OwnerId { get; init; }
    public IReadOnlyList<TeamMember> Team { get; private set; } = [];
    public Guid[] TeamUserIds { get; init; } = [];

    /// <summary>The class of the latest assessment (docs/product.md §1.2), null until assessed.</summary>
    public string? Class { get; init; }

    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; init; }
    public int Version { get; init; }

    /// <summary>The list's sort key as text (for its keyset cursor); not part of the answer.</summary>
    [JsonIgnore]
    public string SortKey { get; init; } = "";

    /// <summary>The owner's name from the user directory, for exports; not part of the answer.</summary>
    [JsonIgnore]
    public string? OwnerName { get; init; }

    [JsonIgnore]
    public string TeamJson
    {
        get => JsonSerializer.Serialize(Team, Json.Options);
        init => Team = JsonSerializer.Deserialize<TeamMember[]>(value, Json.Options) ?? [];
    }
}
