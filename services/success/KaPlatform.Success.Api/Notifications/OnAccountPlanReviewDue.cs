using System.Globalization;
using KaPlatform.Accounts.IntegrationEvents;
using KaPlatform.Messaging;
using KaPlatform.Messaging.Inbox;
using KaPlatform.ServiceDefaults.Texts;
using Npgsql;

namespace KaPlatform.Success.Api.Notifications;

/// <summary>A plan's quarterly review falling due tells the account team once per plan and quarter.</summary>
[ConsumerName("on-account-plan-review-due")]
public sealed class OnAccountPlanReviewDue(NpgsqlDataSource db) : InboxConsumer<AccountPlanReviewDue>(db)
{
    protected override Task HandleAsync(AccountPlanReviewDue m, UnitOfWork work, CancellationToken cancellationToken)
    {
        var due = m.DueDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return Notify.AccountTeamAsync(work, m.AccountId, "plan_review_due", $"plan:{m.PlanId}:review:Q{m.Quarter}",
            ServerText.Of("plan_review_due", $"The {m.FiscalYear} account plan's Q{m.Quarter} review is due {due}.",
                ("planId", m.PlanId), ("fiscalYear", m.FiscalYear), ("quarter", m.Quarter), ("dueDate", due)),
            new NotificationLink("account", m.AccountId), cancellationToken);
    }
}
