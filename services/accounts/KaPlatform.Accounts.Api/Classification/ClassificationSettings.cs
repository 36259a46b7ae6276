using KaPlatform.Accounts.Api.Shared;
using Npgsql;

namespace KaPlatform.Accounts.Api.Classification;

public sealed record LevelThresholds
{
    public decimal High { get; init; }
    public decimal Medium { get; init; }
}

public sealed record ContributionThresholds
{
    public decimal High { get; init; } = 10_000_000m;
    public decimal Medium { get; init; } = 5_000_000m;

    /// <summary>Contribution ÷ potential below this lowers the contribution level one step (docs/product.md §1.2).</summary>
    public decimal StepDownRatio { get; init; } = 0.5m;
}

/// <summary>The seven KA criteria; a criterion whose input is missing is not met.</summary>
public sealed record QualificationThresholds
{
    public int MinimumMet { get; init; } = 5;
    public decimal SalesVolume { get; init; } = 5_000_000m;
    public decimal MarginPct { get; init; } = 15m;
    public decimal GrowthPct { get; init; } = 10m;
    public decimal Potential { get; init; } = 10_000_000m;
    public IReadOnlyList<string> AcceptedCreditRatings { get; init; } = ["A", "B"];
    public int MaxPaymentDelayDays { get; init; } = 60;
    public int StrategicFit { get; init; } = 3;
    public int Openness { get; init; } = 3;
}

public sealed record ClosenessWeights
{
    public decimal Relationship { get; init; } = 0.5m;
    public decimal Solution { get; init; } = 0.3m;
    public decimal Price { get; init; } = 0.2m;

    public decimal Composite(decimal relationship, decimal solution, decimal price) =>
        Math.Round(Relationship * relationship + Solution * solution + Price * price, 2, MidpointRounding.AwayFromZero);
}

/// <summary>GET|PUT /api/accounts/settings/classification: every threshold of docs/product.md §1.2 and the tactics of each strategy.</summary>
public sealed record ClassificationSettings
{
    public static readonly string[] Strategies =
        ["invest_heavily", "maintain", "develop", "minimal", "retain", "win_back", "acquire", "grow", "wait_and_see"];

    public LevelThresholds PotentialLevels { get; init; } = new() { High = 30_000_000m, Medium = 10_000_000m };
    public ContributionThresholds ContributionLevels { get; init; } = new();

    /// <summary>Account composite closeness at or above this is a strong relationship (matrix quadrant).</summary>
    public decimal StrongRelationship { get; init; } = 60m;

    public QualificationThresholds Qualification { get; init; } = new();
    public ClosenessWeights ClosenessWeights { get; init; } = new();

    public IReadOnlyDictionary<string, IReadOnlyList<string>> Tactics { get; init; } = new Dictionary<string, IReadOnlyList<string>>
    {
        ["invest_heavily"] = ["Assign a senior KAM and an executive sponsor", "Joint annual planning with the customer", "Priority access to solution and delivery experts"],
        ["maintain"] = ["Keep service levels and response times", "Regular business reviews", "Protect share of wallet against competitors"],
        ["develop"] = ["Map the decision chain and find a coach", "Propose solutions for unmet needs", "Invest to lift the account to class A or B"],
        ["minimal"] = ["Serve through standard channels", "Review the account yearly"],
        ["retain"] = ["Executive-level relationship on both sides", "Quarterly success reviews", "Plan renewals well ahead"],
        ["win_back"] = ["Find the root cause of the decline", "Win new supporters and neutralise opponents", "Bring a new solution or commercial offer"],
        ["acquire"] = ["Identify the economic buyer and decision maker", "Land a first project as a reference", "Build a coach inside the customer"],
        ["grow"] = ["Expand into new departments and products", "Raise share of wallet with cross-selling", "Deepen relationships beyond the buyer"],
        ["wait_and_see"] = ["Keep in touch at low cost", "Watch for trigger events (new budget, new leadership)"],
    };

    public IReadOnlyList<string> TacticsFor(string strategy) => Tactics.TryGetValue(strategy, out var list) ? list : [];

    public const string Key = "classification";

    public static Task<(ClassificationSettings Settings, int Version)> LoadAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken) =>
        AccountSettings.LoadAsync<ClassificationSettings>(connection, transaction, Key, cancellationToken);
}
