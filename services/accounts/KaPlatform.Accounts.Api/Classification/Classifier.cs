namespace KaPlatform.Accounts.Api.Classification;

public sealed record AssessmentInputs(
    int FiscalYear, decimal Contribution, decimal Potential, decimal? MarginPct, decimal? PurchaseGrowthPct,
    int? AvgPaymentDelayDays, string? CreditRating, int? StrategicFit, int? Openness);

public sealed record QualificationCriterion(string Criterion, bool Met, object? Value);

public sealed record Qualification(IReadOnlyList<QualificationCriterion> Criteria, int MetCount, bool Qualified);

public sealed record StrategyTactics(IReadOnlyList<string> Resource, IReadOnlyList<string> Management);

public sealed record ClassificationOutcome(
    Qualification Qualification, string PotentialLevel, string ContributionLevel, string Class, string ResourceStrategy,
    string ManagementStrategy, StrategyTactics Tactics, string MatrixQuadrant);

/// <summary>docs/product.md §1.2 as a pure function: thresholds from settings, inputs from the assessment and the power map.</summary>
public static class Classifier
{
    public static ClassificationOutcome Classify(
        AssessmentInputs inputs, string? lifecycleStage, decimal accountCloseness, ClassificationSettings settings)
    {
        var potentialLevel = PotentialLevel(inputs.Potential, settings.PotentialLevels);
        var contributionLevel = ContributionLevel(inputs.Contribution, inputs.Potential, settings.ContributionLevels);
        var @class = (potentialLevel, contributionLevel) switch
        {
            ("high", "high") => "A",
            (_, "high") => "B",
            ("high" or "medium", _) => "C",
            _ => "D",
        };
        var resource = @class switch { "A" => "invest_heavily", "B" => "maintain", "C" => "develop", _ => "minimal" };
        var management = @class switch
        {
            "A" or "B" => lifecycleStage == "decline" ? "win_back" : "retain",
            "C" => lifecycleStage == "acquisition" ? "acquire" : "grow",
            _ => "wait_and_see",
        };
        var highDemand = potentialLevel is "high" or "medium";
        var strong = accountCloseness >= settings.StrongRelationship;
        var quadrant = (highDemand, strong) switch
        {
            (true, true) => "core",
            (true, false) => "growth",
            (false, true) => "traction",
            _ => "problem",
        };
        return new ClassificationOutcome(Qualify(inputs, settings.Qualification), potentialLevel, contributionLevel, @class, resource, management,
            new StrategyTactics(settings.TacticsFor(resource), settings.TacticsFor(management)), quadrant);
    }

    public static string PotentialLevel(decimal potential, LevelThresholds levels) =>
        potential >= levels.High ? "high" : potential >= levels.Medium ? "medium" : "low";

    /// <summary>Absolute level, then one step down when the account brings less than the ratio of what it could.</summary>
    public static string ContributionLevel(decimal contribution, decimal potential, ContributionThresholds levels)
    {
        var level = contribution >= levels.High ? "high" : contribution >= levels.Medium ? "medium" : "low";
        if (potential > 0 && contribution / potential < levels.StepDownRatio)
        {
            level = level switch { "high" => "medium", _ => "low" };
        }

        return level;
    }

    public static Qualification Qualify(AssessmentInputs inputs, QualificationThresholds t)
    {
        var paymentValue = inputs.CreditRating is null && inputs.AvgPaymentDelayDays is null
            ? null
            : $"{inputs.CreditRating ?? "?"}/{inputs.AvgPaymentDelayDays?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"}d";
        QualificationCriterion[] criteria =
        [
            new("sales_volume", inputs.Contribution >= t.SalesVolume, inputs.Contribution),
            new("margin", inputs.MarginPct >= t.MarginPct, inputs.MarginPct),
            new("growth", inputs.PurchaseGrowthPct >= t.GrowthPct, inputs.PurchaseGrowthPct),
            new("potential", inputs.Potential >= t.Potential, inputs.Potential),
            new("credit_payment",
                inputs.CreditRating is { } rating && t.AcceptedCreditRatings.Contains(rating) && inputs.AvgPaymentDelayDays <= t.MaxPaymentDelayDays,
                paymentValue),
            new("strategic_entry_point", inputs.StrategicFit >= t.StrategicFit, inputs.StrategicFit),
            new("openness", inputs.Openness >= t.Openness, inputs.Openness),
        ];
        var met = criteria.Count(c => c.Met);
        return new Qualification(criteria, met, met >= t.MinimumMet);
    }
}
