using System.Globalization;
using KaPlatform.Messaging;
using KaPlatform.Messaging.Inbox;
using KaPlatform.Opportunities.IntegrationEvents;
using KaPlatform.ServiceDefaults.Texts;
using Npgsql;

namespace KaPlatform.Success.Api.Notifications;

/// <summary>A bid due within seven days tells the account team once per deadline (a moved deadline is a new notice).</summary>
[ConsumerName("on-bid-deadline-approaching")]
public sealed class OnBidDeadlineApproaching(NpgsqlDataSource db) : InboxConsumer<BidDeadlineApproaching>(db)
{
    protected override Task HandleAsync(BidDeadlineApproaching m, UnitOfWork work, CancellationToken cancellationToken)
    {
        var deadline = m.SubmissionDeadline.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        return Notify.AccountTeamAsync(work, m.AccountId, "bid_due", $"bid:{m.BidId}:due:{deadline}",
            ServerText.Of("bid_due", $"Bid {m.TenderRef} ({m.Issuer}) for {m.OpportunityName} is due {deadline}.",
                ("bidId", m.BidId), ("opportunityId", m.OpportunityId), ("opportunityName", m.OpportunityName), ("tenderRef", m.TenderRef),
                ("issuer", m.Issuer), ("deadline", deadline)),
            new NotificationLink("opportunity", m.OpportunityId), cancellationToken);
    }
}
