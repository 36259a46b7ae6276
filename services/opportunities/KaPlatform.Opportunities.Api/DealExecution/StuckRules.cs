using System.Globalization;
using KaPlatform.Opportunities.Api.Opportunities;
using KaPlatform.ServiceDefaults.Texts;

namespace KaPlatform.Opportunities.Api.DealExecution;

/// <summary>
/// 项目卡在哪儿 (docs/product.md §9): an open deal is stuck when its whole days in stage exceed the stage's norm, or an open task of
/// its stage is past its due date. Days and due dates are counted on UTC calendar days.
/// </summary>
public static class StuckRules
{
    public const string OverStageNorm = "over_stage_norm";
    public const string OverdueTask = "overdue_task";

    public static IReadOnlyList<string> Reasons(string stage, DateOnly enteredStageOn, DateOnly today, int? normDays, int overdueOpenTasks) =>
        Explain(stage, enteredStageOn, today, normDays, overdueOpenTasks).Select(r => r.Code).ToList();

    /// <summary>The reasons with the figures behind them, for a person to read (docs/product.md §0: code + params + English).</summary>
    public static IReadOnlyList<ServerText> Explain(string stage, DateOnly enteredStageOn, DateOnly today, int? normDays, int overdueOpenTasks)
    {
        if (!Stages.IsOpen(stage))
        {
            return [];
        }

        var reasons = new List<ServerText>(2);
        var days = today.DayNumber - enteredStageOn.DayNumber;
        if (normDays is { } norm && days > norm)
        {
            reasons.Add(ServerText.Of(OverStageNorm, $"{days} days in {stage}; the norm is {norm} days.",
                ("stage", stage), ("daysInStage", days), ("normDays", norm), ("enteredOn", enteredStageOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))));
        }

        if (overdueOpenTasks > 0)
        {
            reasons.Add(ServerText.Of(OverdueTask, $"{overdueOpenTasks} open task(s) of the {stage} stage past their due date.",
                ("stage", stage), ("count", overdueOpenTasks)));
        }

        return reasons;
    }

    public static DateOnly Today() => DateOnly.FromDateTime(DateTime.UtcNow);
}
