namespace KaPlatform.Accounts.Api.Engagement;

/// <summary>One person's share of the decision against our share of effort on them (docs/product.md §8).</summary>
public sealed record EngagementRow(
    Guid StakeholderId, int Influence, int Interactions, DateTime? LastInteractionAt, decimal InfluenceShare, decimal EffortShare, string? Flag);

/// <summary>Input: one active stakeholder with the interactions that name them in the window.</summary>
public sealed record EngagementInput(Guid StakeholderId, int Influence, int Interactions, DateTime? LastInteractionAt);

/// <summary>
/// 是否在正确的人身上花费了正确的时间: influenceShare = influence ÷ Σ influence; effortShare = their interactions ÷ all
/// interactions with stakeholders, an interaction counted once per stakeholder in it. Flags compare the exact shares;
/// the answer rounds them to four decimals.
/// </summary>
public static class EngagementAnalysis
{
    public const string UnderEngaged = "under_engaged";
    public const string OverEngaged = "over_engaged";

    public static IReadOnlyList<EngagementRow> Analyse(IReadOnlyList<EngagementInput> people)
    {
        decimal totalInfluence = people.Sum(p => p.Influence);
        decimal totalEffort = people.Sum(p => p.Interactions);
        return people.Select(p =>
        {
            var influenceShare = totalInfluence == 0 ? 0 : p.Influence / totalInfluence;
            var effortShare = totalEffort == 0 ? 0 : p.Interactions / totalEffort;
            return new EngagementRow(p.StakeholderId, p.Influence, p.Interactions, p.LastInteractionAt,
                Math.Round(influenceShare, 4, MidpointRounding.AwayFromZero), Math.Round(effortShare, 4, MidpointRounding.AwayFromZero),
                Flag(p.Influence, influenceShare, effortShare));
        }).ToList();
    }

    public static string? Flag(int influence, decimal influenceShare, decimal effortShare) =>
        influence >= 4 && effortShare < influenceShare / 2 ? UnderEngaged
        : influence <= 2 && effortShare > influenceShare * 2 ? OverEngaged
        : null;
}
