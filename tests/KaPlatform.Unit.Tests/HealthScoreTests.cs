using KaPlatform.Success.Api;
using KaPlatform.Success.Api.Health;
using KaPlatform.Success.Api.Shared;

namespace KaPlatform.Unit.Tests;

/// <summary>docs/success.md, "Health score": each component's sub-formula and the weighted total, by hand.</summary>
public sealed class HealthScoreTests
{
    private static readonly DateOnly AsOf = new(2026, 6, 30);
    private static readonly SuccessOptions Options = new();

    private static HealthInputs Inputs(
        string? accountClass = "A", int? silentDays = 0, StakeholderFact[]? people = null, OverdueFact[]? overdue = null,
        decimal contractValue = 1000m, int? satisfaction = 5) => new(
        accountClass,
        new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero),
        silentDays is { } days ? new DateTimeOffset(AsOf.AddDays(-days).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : null,
        people ?? [new StakeholderFact("李工", ["coach"], 5, "ally", 100m, null)],
        overdue ?? [],
        contractValue,
        satisfaction);

    private static HealthComponent Part(HealthInputs inputs, string name) =>
        HealthScore.Compute(inputs, Options, AsOf).Components.Single(c => c.Name == name);

    [Fact]
    public void A_paying_engaged_supportive_satisfied_account_scores_100_and_is_healthy()
    {
        var (score, components) = HealthScore.Compute(Inputs(), Options, AsOf);
        Assert.Equal(100, score);
        Assert.All(components, c => Assert.Equal(100, c.Score));
        Assert.Equal([25, 20, 25, 15, 15], components.Select(c => c.Weight));
        Assert.Equal("healthy", HealthScore.Band(score));
    }

    [Theory]
    [InlineData(300, 45, 60)]  // share 30 % → −15, 31–60 days → −25
    [InlineData(1000, 10, 40)] // share 100 % → −50, 1–30 days → −10
    [InlineData(100, 91, 45)]  // share 10 % → −5, over 90 days → −50
    [InlineData(2000, 61, 10)] // share capped at 100 % → −50, 61–90 days → −40
    public void Payment_loses_half_the_overdue_share_and_a_penalty_by_age(decimal outstanding, int daysLate, int expected)
    {
        var payment = Part(Inputs(overdue: [new OverdueFact(outstanding, AsOf.AddDays(-daysLate))]), "payment");
        Assert.Equal(expected, payment.Score);
        Assert.Equal("receivables_overdue", payment.Code);
        Assert.Equal(daysLate, payment.Params["days"]);
    }

    [Theory]
    [InlineData("A", 30, 100)] // within the A cadence (30 days)
    [InlineData("A", 60, 50)]  // linear from one cadence (100) to three cadences (0)
    [InlineData("A", 90, 0)]
    [InlineData("A", 200, 0)]
    [InlineData(null, 45, 100)] // unclassified uses the B cadence, 45 days
    [InlineData("D", 135, 75)]
    public void Engagement_falls_linearly_from_one_to_three_cadences_of_silence(string? accountClass, int silentDays, int expected) =>
        Assert.Equal(expected, Part(Inputs(accountClass, silentDays), "engagement").Score);

    [Fact]
    public void No_interaction_and_no_registration_is_zero_engagement()
    {
        var engagement = Part(Inputs(silentDays: null) with { RegisteredAt = null }, "engagement");
        Assert.Equal(0, engagement.Score);
        Assert.Equal("engagement_none", engagement.Code);
    }

    [Fact]
    public void Relationship_weighs_support_and_closeness_by_influence_and_rewards_a_coach()
    {
        // Support 4/(4+1) = 0.8, closeness (4×80 + 1×20)/5 = 68, a supportive coach: 40×0.8 + 0.4×68 + 20 = 79.2 → 79.
        var relationship = Part(Inputs(people:
        [
            new StakeholderFact("赵处", ["coach"], 4, "supporter", 80m, null),
            new StakeholderFact("钱总", ["economic_buyer"], 1, "opponent", 20m, null),
            new StakeholderFact("孙工", ["user"], 5, "ally", 100m, new DateOnly(2026, 1, 1)), // departed: not counted
        ]), "relationship");
        Assert.Equal(79, relationship.Score);
        Assert.Equal(true, relationship.Params["hasCoach"]);
    }

    [Fact]
    public void Sponsor_stability_loses_half_per_key_person_who_left_within_180_days()
    {
        StakeholderFact Left(string name, string role, int daysAgo) => new(name, [role], 4, "neutral", 50m, AsOf.AddDays(-daysAgo));
        Assert.Equal(50, Part(Inputs(people: [Left("王总", "economic_buyer", 10)]), "sponsor_stability").Score);
        Assert.Equal(0, Part(Inputs(people: [Left("王总", "economic_buyer", 10), Left("", "decision_maker", 180)]), "sponsor_stability").Score);
        Assert.Equal(100, Part(Inputs(people: [Left("王总", "economic_buyer", 181)]), "sponsor_stability").Score);
        Assert.Equal(100, Part(Inputs(people: [Left("小刘", "user", 10)]), "sponsor_stability").Score);
        var named = Part(Inputs(people: [Left("", "coach", 3)]), "sponsor_stability");
        Assert.Equal([""], (string[])named.Params["names"]!); // a protected contact: the client names them
    }

    [Theory]
    [InlineData(null, 60)]
    [InlineData(1, 0)]
    [InlineData(3, 50)]
    [InlineData(5, 100)]
    public void Satisfaction_is_the_latest_rating_or_a_neutral_60(int? rating, int expected) =>
        Assert.Equal(expected, Part(Inputs(satisfaction: rating), "satisfaction").Score);

    [Fact]
    public void The_total_is_the_weight_average_rounded_half_away_from_zero()
    {
        // payment 60 (300 overdue 45 days), engagement 50 (60 days, class A), relationship 100, sponsor 100, rating 3 → 50:
        // (25×60 + 20×50 + 25×100 + 15×100 + 15×50) / 100 = 72.5 → 73.
        var (score, _) = HealthScore.Compute(Inputs(silentDays: 60, overdue: [new OverdueFact(300m, AsOf.AddDays(-45))], satisfaction: 3), Options, AsOf);
        Assert.Equal(73, score);
    }

    [Theory]
    [InlineData(100, "healthy")]
    [InlineData(70, "healthy")]
    [InlineData(69, "watch")]
    [InlineData(40, "watch")]
    [InlineData(39, "at_risk")]
    [InlineData(0, "at_risk")]
    public void Bands_start_at_70_and_40(int score, string band) => Assert.Equal(band, HealthScore.Band(score));
}
