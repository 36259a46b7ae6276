using KaPlatform.Opportunities.Api.DealExecution;

namespace KaPlatform.Opportunities.Tests;

/// <summary>docs/product.md §9's stuck rules on hand-computed cases: whole UTC days in stage against the norm, overdue tasks of the stage.</summary>
public sealed class StuckRulesTests
{
    private static readonly DateOnly Today = new(2026, 12, 1);

    [Theory]
    // Entered 2026-10-01: 61 days; deep_engagement norm 45 → over.
    [InlineData("deep_engagement", "2026-10-01", 45, 0, new[] { "over_stage_norm" })]
    // Entered 2026-10-17: exactly 45 days is not over the norm.
    [InlineData("deep_engagement", "2026-10-17", 45, 0, new string[0])]
    // 46 days is.
    [InlineData("deep_engagement", "2026-10-16", 45, 0, new[] { "over_stage_norm" })]
    // Signing since 2026-11-20: 11 days of 20, but one overdue task.
    [InlineData("signing", "2026-11-20", 20, 1, new[] { "overdue_task" })]
    // Both at once, in the order of docs/product.md.
    [InlineData("initiation", "2026-09-01", 30, 2, new[] { "over_stage_norm", "overdue_task" })]
    // Closed deals are never stuck.
    [InlineData("won", "2026-01-01", 30, 3, new string[0])]
    [InlineData("lost", "2026-01-01", 30, 3, new string[0])]
    public void Reasons_follow_the_norm_and_the_tasks(string stage, string enteredOn, int norm, int overdueTasks, string[] expected) =>
        Assert.Equal(expected, StuckRules.Reasons(stage, DateOnly.Parse(enteredOn, System.Globalization.CultureInfo.InvariantCulture), Today, norm, overdueTasks));

    [Fact]
    public void A_stage_without_a_norm_is_only_stuck_on_tasks()
    {
        Assert.Empty(StuckRules.Reasons("solution_design", new DateOnly(2020, 1, 1), Today, null, 0));
        Assert.Equal(["overdue_task"], StuckRules.Reasons("solution_design", new DateOnly(2020, 1, 1), Today, null, 1));
    }
}
