using System.Globalization;

namespace KaPlatform.Contracts.Api.PaymentPlans;

public sealed record PlannedMilestone(string Kind, decimal Percent, DueRule DueRule, decimal Amount);

/// <summary>docs/product.md §3.2: milestone kinds, due rules, the default template, cent rounding and due dates.</summary>
public static class PaymentPlan
{
    public static readonly string[] Kinds = ["down_payment", "delivery", "acceptance", "warranty", "custom"];

    public const string DaysAfterSigning = "days_after_signing";
    public const string DaysAfterDelivery = "days_after_delivery";
    public const string DaysAfterAcceptance = "days_after_acceptance";
    public const string MonthsAfterAcceptance = "months_after_acceptance";
    public const string FixedDate = "fixed_date";

    public static readonly string[] RuleTypes = [DaysAfterSigning, DaysAfterDelivery, DaysAfterAcceptance, MonthsAfterAcceptance, FixedDate];

    /// <summary>Down payment 30% 15 days after signing, delivery 40% 30 days after delivery, acceptance 25% 30 days
    /// after acceptance, warranty 5% 12 months after acceptance.</summary>
    public static readonly IReadOnlyList<(string Kind, decimal Percent, DueRule Rule)> DefaultTemplate =
    [
        ("down_payment", 30m, new DueRule(DaysAfterSigning, "15")),
        ("delivery", 40m, new DueRule(DaysAfterDelivery, "30")),
        ("acceptance", 25m, new DueRule(DaysAfterAcceptance, "30")),
        ("warranty", 5m, new DueRule(MonthsAfterAcceptance, "12")),
    ];

    /// <summary>Each amount rounded to cents (half away from zero); the last takes the remainder so the sum is exact.</summary>
    public static IReadOnlyList<PlannedMilestone> Allocate(decimal total, IReadOnlyList<(string Kind, decimal Percent, DueRule Rule)> milestones)
    {
        var result = new List<PlannedMilestone>(milestones.Count);
        var allocated = 0m;
        for (var i = 0; i < milestones.Count; i++)
        {
            var (kind, percent, rule) = milestones[i];
            var amount = i == milestones.Count - 1
                ? total - allocated
                : Math.Round(total * percent / 100m, 2, MidpointRounding.AwayFromZero);
            allocated += amount;
            result.Add(new PlannedMilestone(kind, percent, rule, amount));
        }

        return result;
    }

    /// <summary>The due date once the rule's trigger happened, else null. A fixed date counts from signing: before
    /// that there is no receivable.</summary>
    public static DateOnly? DueDate(string ruleType, string ruleValue, DateOnly? signedAt, DateOnly? deliveredAt, DateOnly? acceptedAt) =>
        ruleType switch
        {
            DaysAfterSigning => signedAt?.AddDays(Number(ruleValue)),
            DaysAfterDelivery => deliveredAt?.AddDays(Number(ruleValue)),
            DaysAfterAcceptance => acceptedAt?.AddDays(Number(ruleValue)),
            MonthsAfterAcceptance => acceptedAt?.AddMonths(Number(ruleValue)),
            FixedDate => signedAt is null ? null : DateOnly.ParseExact(ruleValue, "yyyy-MM-dd", CultureInfo.InvariantCulture),
            _ => null,
        };

    private static int Number(string value) => int.Parse(value, CultureInfo.InvariantCulture);
}
