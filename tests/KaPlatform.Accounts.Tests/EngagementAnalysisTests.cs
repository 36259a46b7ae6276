using KaPlatform.Accounts.Api.Engagement;

namespace KaPlatform.Accounts.Tests;

/// <summary>docs/product.md §8's effort formula on hand-computed cases.</summary>
public sealed class EngagementAnalysisTests
{
    private static readonly Guid A = Guid.Parse("00000000-0000-0000-0000-00000000000a");
    private static readonly Guid B = Guid.Parse("00000000-0000-0000-0000-00000000000b");
    private static readonly Guid C = Guid.Parse("00000000-0000-0000-0000-00000000000c");
    private static readonly Guid D = Guid.Parse("00000000-0000-0000-0000-00000000000d");

    [Fact]
    public void Shares_and_flags_follow_the_formula()
    {
        // Influence 5+4+2+1 = 12; interactions 1+6+3+0 = 10 (an interaction with two people counts for both).
        var rows = EngagementAnalysis.Analyse(
        [
            new(A, 5, 1, null), // 5/12 = 0.4167; 1/10 = 0.1 < 0.2083 → under_engaged
            new(B, 4, 6, null), // 4/12 = 0.3333; 0.6 ≥ 0.1667 → null
            new(C, 2, 3, null), // 2/12 = 0.1667; 0.3 ≤ 0.3333 → null
            new(D, 1, 0, null), // 1/12 = 0.0833; 0 → null
        ]);
        Assert.Equal([0.4167m, 0.3333m, 0.1667m, 0.0833m], rows.Select(r => r.InfluenceShare));
        Assert.Equal([0.1m, 0.6m, 0.3m, 0m], rows.Select(r => r.EffortShare));
        Assert.Equal(["under_engaged", null, null, null], rows.Select(r => r.Flag));
    }

    [Fact]
    public void Low_influence_people_taking_more_than_twice_their_share_are_over_engaged()
    {
        // Influence 5+1 = 6; interactions 2+8 = 10. B: 1/6 = 0.1667, effort 0.8 > 0.3333 → over_engaged.
        // A: 5/6 = 0.8333, effort 0.2 < 0.4167 → under_engaged.
        var rows = EngagementAnalysis.Analyse([new(A, 5, 2, null), new(B, 1, 8, null)]);
        Assert.Equal(["under_engaged", "over_engaged"], rows.Select(r => r.Flag));
        Assert.Equal([0.8333m, 0.1667m], rows.Select(r => r.InfluenceShare));
    }

    [Theory]
    // Boundaries: exactly half (not under), exactly double (not over), influence 3 never flagged.
    [InlineData(4, 0.4, 0.2, null)]
    [InlineData(4, 0.4, 0.19, "under_engaged")]
    [InlineData(2, 0.1, 0.2, null)]
    [InlineData(2, 0.1, 0.21, "over_engaged")]
    [InlineData(3, 0.5, 0.0, null)]
    [InlineData(3, 0.05, 0.9, null)]
    public void Flags_sit_on_the_spec_boundaries(int influence, double influenceShare, double effortShare, string? flag) =>
        Assert.Equal(flag, EngagementAnalysis.Flag(influence, (decimal)influenceShare, (decimal)effortShare));

    [Fact]
    public void No_interactions_at_all_leaves_every_effort_share_at_zero()
    {
        var rows = EngagementAnalysis.Analyse([new(A, 4, 0, null), new(B, 2, 0, null)]);
        Assert.Equal([0m, 0m], rows.Select(r => r.EffortShare));
        Assert.Equal(["under_engaged", null], rows.Select(r => r.Flag));
    }
}
