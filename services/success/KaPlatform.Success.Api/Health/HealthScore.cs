using System.Globalization;
using KaPlatform.ServiceDefaults;
using KaPlatform.ServiceDefaults.Texts;
using KaPlatform.Success.Api.Shared;

namespace KaPlatform.Success.Api.Health;

/// <summary>One weighted part of the score; `reason` is English for logs, `code` + `params` are for clients (docs/product.md §0).</summary>
public sealed record HealthComponent(string Name, int Weight, int Score, string Reason, string Code, IReadOnlyDictionary<string, object?> Params);

public sealed record StakeholderFact(string Name, string[] BuyingRoles, int Influence, string Stance, decimal CompositeCloseness, DateOnly? DepartedAt);

public sealed record OverdueFact(decimal Outstanding, DateOnly DueDate);

/// <summary>Everything the score is computed from, read from this service's projections.</summary>
public sealed record HealthInputs(
    string? AccountClass,
    DateTimeOffset? RegisteredAt,
    DateTimeOffset? LastInteractionAt,
    IReadOnlyList<StakeholderFact> Stakeholders,
    IReadOnlyList<OverdueFact> Overdue,
    decimal ContractValue,
    int? LatestSatisfaction);

/// <summary>
/// docs/product.md §4.1: five explainable components, each scored 0..100 with the reason a CSM would read out, weighted into
/// one score. The sub-formulas are documented in docs/success.md.
/// </summary>
public static class HealthScore
{
    public const int HealthyFrom = 70;
    public const int WatchFrom = 40;
    public const int SponsorWindowDays = 180;

    private static readonly HashSet<string> KeyRoles = ["economic_buyer", "decision_maker", "coach"];
    private static readonly HashSet<string> Supportive = ["ally", "supporter"];

    public static string Band(int score) => score >= HealthyFrom ? "healthy" : score >= WatchFrom ? "watch" : "at_risk";

    /// <summary>A person whose departure threatens the account: economic buyer, decision maker, coach or ally.</summary>
    public static bool IsKeyPerson(IEnumerable<string> buyingRoles, string stance) => stance == "ally" || buyingRoles.Any(KeyRoles.Contains);

    public static (int Score, IReadOnlyList<HealthComponent> Components) Compute(HealthInputs inputs, SuccessOptions options, DateOnly asOf)
    {
        var components = new[]
        {
            Component("payment", options, Payment(inputs, asOf, options.BaseCurrency)),
            Component("engagement", options, Engagement(inputs, options, asOf)),
            Component("relationship", options, Relationship(inputs)),
            Component("sponsor_stability", options, SponsorStability(inputs, asOf)),
            Component("satisfaction", options, Satisfaction(inputs)),
        };
        var totalWeight = components.Sum(c => c.Weight);
        var score = totalWeight == 0 ? 0 : (int)Math.Round(components.Sum(c => (decimal)c.Weight * c.Score) / totalWeight, MidpointRounding.AwayFromZero);
        return (score, components);
    }

    /// <summary>
    /// Days since the last interaction (or since registration when there was none yet), both as business dates: asOf
    /// is one, and the instant's UTC date was a day behind it from midnight to 08:00 in Shanghai.
    /// </summary>
    public static int? SilentDays(HealthInputs inputs, DateOnly asOf)
    {
        var since = inputs.LastInteractionAt ?? inputs.RegisteredAt;
        return since is null ? null : Math.Max(0, asOf.DayNumber - BusinessCalendar.Current.DateOf(since.Value).DayNumber);
    }

    private static HealthComponent Component(string name, SuccessOptions options, (int Score, ServerText Reason) result) =>
        new(name, options.Weights.GetValueOrDefault(name), Math.Clamp(result.Score, 0, 100), result.Reason.Text, result.Reason.Code, result.Reason.Params);

    private static (int, ServerText) Payment(HealthInputs inputs, DateOnly asOf, string currency)
    {
        var overdue = inputs.Overdue.Where(o => o.Outstanding > 0).ToList();
        if (overdue.Count == 0)
        {
            return (100, ServerText.Of("payment_none_overdue", "No overdue receivables."));
        }

        var amount = overdue.Sum(o => o.Outstanding);
        var share = inputs.ContractValue > 0 ? Math.Min(1m, amount / inputs.ContractValue) : 1m;
        var days = overdue.Max(o => asOf.DayNumber - o.DueDate.DayNumber);
        var daysPenalty = days switch { > 90 => 50, > 60 => 40, > 30 => 25, > 0 => 10, _ => 0 };
        var sharePenalty = (int)Math.Round(share * 50, MidpointRounding.AwayFromZero);
        return (100 - sharePenalty - daysPenalty, ServerText.Of("receivables_overdue",
            string.Create(CultureInfo.InvariantCulture, $"{amount:0.00} overdue ({share:P0} of signed contract value), oldest {days} days past due."),
            ("amount", amount), ("currency", currency), ("sharePct", (int)Math.Round(share * 100, MidpointRounding.AwayFromZero)), ("days", days)));
    }

    private static (int, ServerText) Engagement(HealthInputs inputs, SuccessOptions options, DateOnly asOf)
    {
        var cadence = options.Cadence(inputs.AccountClass);
        var days = SilentDays(inputs, asOf);
        var classText = inputs.AccountClass is null ? "unclassified" : "class " + inputs.AccountClass;
        if (days is null)
        {
            return (0, ServerText.Of("engagement_none", $"No interaction known ({classText} cadence {cadence} days).",
                ("accountClass", inputs.AccountClass), ("cadenceDays", cadence)));
        }

        var what = inputs.LastInteractionAt is null ? "since registration without an interaction" : "since the last interaction";
        // Full marks within the cadence, falling linearly to zero at three cadences of silence.
        var score = days <= cadence ? 100 : (int)Math.Round(100m * (3 * cadence - days.Value) / (2 * cadence), MidpointRounding.AwayFromZero);
        return (score, ServerText.Of(inputs.LastInteractionAt is null ? "engagement_since_registration" : "engagement_since_interaction",
            $"{days} days {what}; {classText} cadence is {cadence} days.",
            ("days", days), ("accountClass", inputs.AccountClass), ("cadenceDays", cadence)));
    }

    private static (int, ServerText) Relationship(HealthInputs inputs)
    {
        var active = inputs.Stakeholders.Where(s => s.DepartedAt is null).ToList();
        var totalInfluence = active.Sum(s => s.Influence);
        if (totalInfluence == 0)
        {
            return (0, ServerText.Of("relationship_no_stakeholders", "No active stakeholders on the power map."));
        }

        var support = (decimal)active.Where(s => Supportive.Contains(s.Stance)).Sum(s => s.Influence) / totalInfluence;
        var closeness = active.Sum(s => s.Influence * s.CompositeCloseness) / totalInfluence;
        var hasCoach = active.Any(s => s.BuyingRoles.Contains("coach") && Supportive.Contains(s.Stance));
        var score = (int)Math.Round(40 * support + 0.4m * closeness + (hasCoach ? 20 : 0), MidpointRounding.AwayFromZero);
        return (score, ServerText.Of("relationship_summary",
            string.Create(CultureInfo.InvariantCulture, $"Support surface {support:0.00}, composite closeness {closeness:0.0}, {(hasCoach ? "a coach" : "no coach")}."),
            ("support", Math.Round(support, 2)), ("closeness", Math.Round(closeness, 1)), ("hasCoach", hasCoach)));
    }

    private static (int, ServerText) SponsorStability(HealthInputs inputs, DateOnly asOf)
    {
        var departed = inputs.Stakeholders
            .Where(s => s.DepartedAt is { } left && asOf.DayNumber - left.DayNumber <= SponsorWindowDays && IsKeyPerson(s.BuyingRoles, s.Stance))
            .ToList();
        return departed.Count == 0
            ? (100, ServerText.Of("sponsors_stable", $"No economic buyer, decision maker, coach or ally left in the last {SponsorWindowDays} days.",
                ("windowDays", SponsorWindowDays)))
            : (100 - 50 * departed.Count, ServerText.Of("sponsors_departed",
                $"Left in the last {SponsorWindowDays} days: {string.Join(", ", departed.Select(s => s.Name.Length > 0 ? s.Name : "a protected contact"))}.",
                // An empty name is a protected contact the client names in its own words.
                ("windowDays", SponsorWindowDays), ("names", departed.Select(s => s.Name).ToArray())));
    }

    private static (int, ServerText) Satisfaction(HealthInputs inputs) =>
        inputs.LatestSatisfaction is { } s
            ? ((s - 1) * 25, ServerText.Of("satisfaction_rated", $"Latest success review rated {s} of 5.", ("rating", s), ("of", 5)))
            : (60, ServerText.Of("satisfaction_none", "No success review yet: neutral 60.", ("neutral", 60)));
}
