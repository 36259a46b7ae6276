using System.Globalization;
using KaPlatform.Messaging;
using KaPlatform.Messaging.Inbox;
using KaPlatform.Opportunities.IntegrationEvents;
using KaPlatform.ServiceDefaults.Texts;
using Npgsql;

namespace KaPlatform.Success.Api.Notifications;

/// <summary>A deal that got stuck tells the account team once per stay in a stage.</summary>
[ConsumerName("on-opportunity-stuck")]
public sealed class OnOpportunityStuck(NpgsqlDataSource db) : InboxConsumer<OpportunityStuck>(db)
{
    protected override Task HandleAsync(OpportunityStuck m, UnitOfWork work, CancellationToken cancellationToken)
    {
        var entered = m.EnteredStageOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return Notify.AccountTeamAsync(work, m.AccountId, "deal_stuck", $"opportunity:{m.OpportunityId}:stuck:{m.Stage}:{entered}",
            ServerText.Of("deal_stuck", $"{m.Name} is stuck in {m.Stage} ({m.DaysInStage} days; {string.Join(", ", m.Reasons)}).",
                ("opportunityId", m.OpportunityId), ("opportunityName", m.Name), ("stage", m.Stage), ("daysInStage", m.DaysInStage),
                ("normDays", m.NormDays), ("overdueTasks", m.OverdueTasks), ("reasons", m.Reasons), ("enteredOn", entered)),
            new NotificationLink("opportunity", m.OpportunityId), cancellationToken);
    }
}
