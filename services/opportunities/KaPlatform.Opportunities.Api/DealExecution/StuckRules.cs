using KaPlatform.Opportunities.Api.Opportunities;

namespace KaPlatform.Opportunities.Api.DealExecution;

/// <summary>
/// 项目卡在哪儿 (SPEC §9): an open deal is stuck when its whole days in stage exceed the stage's norm, or an open task of
/// its stage is past its due date. Days and due dates are counted on UTC calendar days.
/// </summary>
public static class StuckRules
{
    public const string OverStageNorm = "over_stage_norm";
    public const string OverdueTask = "overdue_task";

    public static IReadOnlyList<string> Reasons(string stage, DateOnly enteredStageOn, DateOnly today, int? normDays, int overdueOpenTasks)
    {
        if (!Stages.IsOpen(stage))
        {
            return [];
        }

        var reasons = new List<string>(2);
        if (normDays is { } norm && today.DayNumber - enteredStageOn.DayNumber > norm)
        {
            reasons.Add(OverStageNorm);
        }

        if (overdueOpenTasks > 0)
        {
            reasons.Add(OverdueTask);
        }

        return reasons;
    }

    public static DateOnly Today() => DateOnly.FromDateTime(DateTime.UtcNow);
}
