using KaPlatform.Accounts.Api.Classification;

namespace KaPlatform.Accounts.Api.Stakeholders;

/// <summary>A person of the decision chain (docs/product.md §1.3). compositeCloseness is computed with the current weights.</summary>
public sealed class Stakeholder
{
    public const string Columns = """
        s.id, s.account_id, s.name, s.title, s.department, s.reports_to_id, s.buying_roles, s.influence, s.stance,
        s.relationship_closeness, s.solution_acceptance, s.price_acceptance, s.behavior_style, s.preferences,
        s.interests_at_stake, s.status, s.left_at AS left_on, s.moved_to_account_id, s.departure_note,
        s.confidential, s.confidential_to, s.created_at, s.updated_at, s.version
        """;

    public Guid Id { get; init; }
    public Guid AccountId { get; init; }
    public string Name { get; init; } = "";
    public string? Title { get; init; }
    public string? Department { get; init; }
    public Guid? ReportsToId { get; init; }
    public string[] BuyingRoles { get; init; } = [];
    public int Influence { get; init; }
    public string Stance { get; init; } = "";
    public decimal RelationshipCloseness { get; init; }
    public decimal SolutionAcceptance { get; init; }
    public decimal PriceAcceptance { get; init; }
    public decimal CompositeCloseness { get; private set; }
    public string? BehaviorStyle { get; init; }
    public string? Preferences { get; init; }
    public string? InterestsAtStake { get; init; }

    /// <summary>active | departed.</summary>
    public string Status { get; init; } = "active";

    public DateOnly? LeftAt { get; private set; }
    public Guid? MovedToAccountId { get; init; }
    public string? DepartureNote { get; init; }
    /// <summary>A protected contact (保护内线, docs/product.md §8): see <see cref="ProtectedContacts"/>.</summary>
    public bool Confidential { get; init; }
    public Guid[] ConfidentialTo { get; init; } = [];

    /// <summary>How to talk to someone of this behaviour style (configurable, docs/product.md §8); empty without a style.</summary>
    public IReadOnlyList<CommunicationTip> CommunicationTips { get; private set; } = [];
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; init; }
    public int Version { get; init; }

    /// <summary>Dapper hands a date column over as DateTime.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public DateTime? LeftOn
    {
        get => LeftAt?.ToDateTime(TimeOnly.MinValue);
        init => LeftAt = value is { } d ? DateOnly.FromDateTime(d) : null;
    }

    public bool Has(string role) => BuyingRoles.Contains(role);

    /// <summary>The same figures without the department: how a protected contact counts in a reader's department table.</summary>
    public Stakeholder WithoutDepartment() => new()
    {
        Id = Id, AccountId = AccountId, Name = Name, BuyingRoles = BuyingRoles, Influence = Influence, Stance = Stance,
        RelationshipCloseness = RelationshipCloseness, SolutionAcceptance = SolutionAcceptance, PriceAcceptance = PriceAcceptance,
        CompositeCloseness = CompositeCloseness, Status = Status, Confidential = Confidential,
    };

    public Stakeholder WithTips(BehaviorStyles styles)
    {
        CommunicationTips = styles.TipsFor(BehaviorStyle);
        return this;
    }

    public Stakeholder WithCloseness(ClosenessWeights weights)
    {
        CompositeCloseness = weights.Composite(RelationshipCloseness, SolutionAcceptance, PriceAcceptance);
        return this;
    }

    /// <summary>The account's closeness: influence-weighted mean of its active stakeholders' (0 without any).</summary>
    public static decimal AccountCloseness(IReadOnlyCollection<Stakeholder> active)
    {
        var weight = active.Sum(s => s.Influence);
        return weight == 0 ? 0 : Math.Round(active.Sum(s => s.Influence * s.CompositeCloseness) / weight, 2, MidpointRounding.AwayFromZero);
    }
}
