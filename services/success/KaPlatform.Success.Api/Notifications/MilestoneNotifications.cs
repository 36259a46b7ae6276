using System.Globalization;
using KaPlatform.Contracts.IntegrationEvents;
using KaPlatform.Messaging;
using KaPlatform.ServiceDefaults.Texts;

namespace KaPlatform.Success.Api.Notifications;

/// <summary>
/// A milestone becoming overdue, and each of its 30/60/90-day crossings, tells the account team once. The key is
/// the milestone and threshold, not the message id, so a re-published notice with a new id adds nothing either.
/// </summary>
public static class MilestoneNotifications
{
    public static Task OverdueAsync(UnitOfWork work, MilestoneOverdue m, CancellationToken cancellationToken) =>
        Notify.AccountTeamAsync(work, m.AccountId, "milestone_overdue", $"milestone:{m.MilestoneId}:overdue:{m.DaysOverdueThreshold}",
            ServerText.Of("milestone_overdue",
                string.Create(CultureInfo.InvariantCulture,
                    $"Contract {m.Number}: {m.Outstanding:0.00} {m.Currency} is {(m.DaysOverdueThreshold == 0 ? "now overdue" : $"over {m.DaysOverdueThreshold} days overdue")} (due {m.DueDate:yyyy-MM-dd})."),
                ("contractId", m.ContractId), ("contractNumber", m.Number), ("milestoneId", m.MilestoneId), ("amount", m.Outstanding),
                ("currency", m.Currency), ("days", m.DaysOverdueThreshold), ("dueDate", m.DueDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))),
            new NotificationLink("contract", m.ContractId), cancellationToken);
}
