using KaPlatform.Opportunities.Api.Opportunities;

namespace KaPlatform.Unit.Tests;

/// <summary>docs/opportunities.md, "Stages and gates": the funnel order, default probabilities, and which gates a move crosses.</summary>
public sealed class StageTests
{
    private static readonly GateRule[] AllFailing =
    [
        new(Stages.DeepEngagement, StageGates.NoCoachOrAlly, false),
        new(Stages.CommercialNegotiation, StageGates.EconomicBuyerNotEngaged, false),
        new(Stages.CommercialNegotiation, StageGates.CompetitionUnknown, false),
        new(Stages.Signing, StageGates.BidNotWon, false),
    ];

    [Fact]
    public void The_funnel_runs_from_initiation_to_won_and_lost_is_outside_it()
    {
        Assert.Equal(["initiation", "solution_design", "deep_engagement", "product_confirmation", "commercial_negotiation", "signing", "won"], Stages.Funnel);
        Assert.Equal(-1, Stages.Rank(Stages.Lost));
        Assert.True(Stages.IsOpen(Stages.Signing));
        Assert.False(Stages.IsOpen(Stages.Won));
    }

    [Fact]
    public void Default_probabilities_rise_through_the_funnel()
    {
        var probabilities = Stages.Funnel.Select(Stages.DefaultProbability).ToArray();
        Assert.Equal(probabilities.Order(), probabilities);
        Assert.Equal(100, Stages.DefaultProbability(Stages.Won));
        Assert.Equal(0, Stages.DefaultProbability(Stages.Lost));
    }

    [Fact]
    public void A_move_crosses_every_gate_between_its_stages_and_skipping_a_stage_skips_no_gate()
    {
        Assert.Empty(StageGates.FailedBetween(AllFailing, Stages.Initiation, Stages.SolutionDesign));
        Assert.Equal([StageGates.NoCoachOrAlly], StageGates.FailedBetween(AllFailing, Stages.SolutionDesign, Stages.DeepEngagement));
        Assert.Equal([StageGates.NoCoachOrAlly, StageGates.EconomicBuyerNotEngaged, StageGates.CompetitionUnknown, StageGates.BidNotWon],
            StageGates.FailedBetween(AllFailing, Stages.Initiation, Stages.Signing));
        Assert.Equal([StageGates.BidNotWon], StageGates.FailedBetween(AllFailing, Stages.CommercialNegotiation, Stages.Signing));
    }

    [Fact]
    public void Passed_gates_and_backward_moves_fail_nothing()
    {
        var passed = AllFailing.Select(r => r with { Passed = true }).ToArray();
        Assert.Empty(StageGates.FailedBetween(passed, Stages.Initiation, Stages.Signing));
        Assert.Empty(StageGates.FailedBetween(AllFailing, Stages.Signing, Stages.SolutionDesign));
    }
}
