using System.Globalization;
using KaPlatform.Messaging;
using KaPlatform.Messaging.Inbox;
using KaPlatform.Opportunities.IntegrationEvents;
using KaPlatform.ServiceDefaults.Texts;
using Npgsql;

namespace KaPlatform.Success.Api.Notifications;

/// <summary>
/// A target set or moved for a seller tells that seller, and only them (it is about a person, not an account). Not
/// when they changed it themselves: they know.
/// </summary>
[ConsumerName("on-target-changed")]
public sealed class OnTargetChanged(NpgsqlDataSource db) : InboxConsumer<TargetChanged>(db)
{
    protected override Task HandleAsync(TargetChanged m, UnitOfWork work, CancellationToken cancellationToken)
    {
        if (m.ChangedBy == m.OwnerId)
        {
            return Task.CompletedTask;
        }

        var family = m.ProductFamily is null ? "" : " for " + m.ProductFamily;
        var what = m.PreviousAmount is { } before
            ? string.Create(CultureInfo.InvariantCulture, $"Your {m.Period} target{family} moved from {before:0.00} to {m.Amount:0.00} {m.Currency}: {m.Reason}")
            : string.Create(CultureInfo.InvariantCulture, $"Your {m.Period} target{family} is set at {m.Amount:0.00} {m.Currency}.");
        return Notify.UserAsync(work, m.OwnerId, "target_changed", $"target:{m.TargetId}:{m.EventId}",
            ServerText.Of("target_changed", what,
                ("targetId", m.TargetId), ("period", m.Period), ("productFamily", m.ProductFamily), ("amount", m.Amount),
                ("previousAmount", m.PreviousAmount), ("currency", m.Currency), ("reason", m.Reason), ("changedBy", m.ChangedBy)),
            new NotificationLink("target", m.TargetId), cancellationToken);
    }
}
