using KaPlatform.Accounts.Api.Classification;

namespace KaPlatform.Unit.Tests;

/// <summary>docs/accounts.md, "Classification": the levels, the class, the strategies and the quadrant, with default settings.</summary>
public sealed class ClassifierTests
{
    private static readonly ClassificationSettings Defaults = new();

    private static AssessmentInputs Inputs(decimal contribution, decimal potential) =>
        new(2026, contribution, potential, MarginPct: 20m, PurchaseGrowthPct: 12m, AvgPaymentDelayDays: 30, CreditRating: "A", StrategicFit: 4, Openness: 4);

    [Fact]
    public void A_high_contribution_that_is_less_than_half_its_potential_steps_down_one_level()
    {
        // 12M is a high contribution on its own (≥ 10M), but only 30 % of a 40M potential: medium, so class C, not A.
        Assert.Equal("high", Classifier.ContributionLevel(12_000_000m, 20_000_000m, Defaults.ContributionLevels));
        Assert.Equal("medium", Classifier.ContributionLevel(12_000_000m, 40_000_000m, Defaults.ContributionLevels));
        Assert.Equal("C", Classifier.Classify(Inputs(12_000_000m, 40_000_000m), "growth", 50m, Defaults).Class);
    }

    [Theory]
    [InlineData(20_000_000, 35_000_000, "A", "invest_heavily")]
    [InlineData(12_000_000, 15_000_000, "B", "maintain")]
    [InlineData(6_000_000, 20_000_000, "C", "develop")]
    [InlineData(1_000_000, 5_000_000, "D", "minimal")]
    public void Potential_and_contribution_levels_decide_the_class_and_its_resource_strategy(decimal contribution, decimal potential, string expectedClass, string resource)
    {
        var outcome = Classifier.Classify(Inputs(contribution, potential), "growth", 50m, Defaults);
        Assert.Equal(expectedClass, outcome.Class);
        Assert.Equal(resource, outcome.ResourceStrategy);
        Assert.Equal(Defaults.TacticsFor(resource), outcome.Tactics.Resource);
    }

    [Theory]
    [InlineData("A", "decline", "win_back")]
    [InlineData("A", "growth", "retain")]
    [InlineData("C", "acquisition", "acquire")]
    [InlineData("C", "maturity", "grow")]
    [InlineData("D", "acquisition", "wait_and_see")]
    public void The_management_strategy_follows_class_and_lifecycle(string expectedClass, string lifecycle, string management)
    {
        var (contribution, potential) = expectedClass switch { "A" => (20_000_000m, 35_000_000m), "C" => (6_000_000m, 20_000_000m), _ => (1_000_000m, 5_000_000m) };
        var outcome = Classifier.Classify(Inputs(contribution, potential), lifecycle, 50m, Defaults);
        Assert.Equal(expectedClass, outcome.Class);
        Assert.Equal(management, outcome.ManagementStrategy);
    }

    [Theory]
    [InlineData(35_000_000, 60, "core")]
    [InlineData(35_000_000, 59.99, "growth")]
    [InlineData(5_000_000, 60, "traction")]
    [InlineData(5_000_000, 10, "problem")]
    public void The_quadrant_crosses_demand_with_a_strong_relationship_from_60(decimal potential, decimal closeness, string quadrant) =>
        Assert.Equal(quadrant, Classifier.Classify(Inputs(1_000_000m, potential), null, closeness, Defaults).MatrixQuadrant);

    [Fact]
    public void Five_of_seven_criteria_qualify_and_a_missing_input_is_not_met()
    {
        var full = Classifier.Qualify(Inputs(6_000_000m, 12_000_000m), Defaults.Qualification);
        Assert.Equal(7, full.MetCount);
        Assert.True(full.Qualified);

        var sparse = Classifier.Qualify(new AssessmentInputs(2026, 6_000_000m, 12_000_000m, null, null, null, null, 4, 4), Defaults.Qualification);
        Assert.Equal(["sales_volume", "potential", "strategic_entry_point", "openness"], sparse.Criteria.Where(c => c.Met).Select(c => c.Criterion));
        Assert.False(sparse.Qualified);

        var slowPayer = Classifier.Qualify(Inputs(6_000_000m, 12_000_000m) with { AvgPaymentDelayDays = 61 }, Defaults.Qualification);
        Assert.False(slowPayer.Criteria.Single(c => c.Criterion == "credit_payment").Met);
        Assert.Equal("A/61d", slowPayer.Criteria.Single(c => c.Criterion == "credit_payment").Value);
    }
}
