using Dapper;
using KaPlatform.Messaging;
using KaPlatform.ServiceDefaults.Texts;
using KaPlatform.Success.Api.Shared;

namespace KaPlatform.Success.Api.Notifications;

/// <summary>
/// New and escalated risk alerts tell the account team. They are written where the alert is, in its transaction,
/// rather than by consuming this service's own RiskAlertRaised: one commit, nothing to lose between the two.
/// </summary>
public static class AlertNotifications
{
    private static readonly string[] Severities = ["low", "medium", "high"];

    public static Task RaisedAsync(UnitOfWork work, Guid accountId, Guid alertId, string kind, string severity, ServerText reason, CancellationToken cancellationToken) =>
        Notify.AccountTeamAsync(work, accountId, "alert_raised", $"alert:{alertId}:raised",
            ServerText.Of("alert_raised", $"New {severity} {kind} alert: {reason.Text}", Params(alertId, kind, severity, reason)),
            new NotificationLink("account", accountId), cancellationToken);

    /// <summary>
    /// An unresolved alert of the same kind is already open; a more severe cause (a payment now 60 days overdue)
    /// raises its severity and tells the team once per level reached.
    /// </summary>
    public static async Task EscalateAsync(UnitOfWork work, Guid accountId, string kind, string severity, ServerText reason, CancellationToken cancellationToken)
    {
        var rank = Array.IndexOf(Severities, severity);
        var alertId = await work.Connection.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(
            """
            UPDATE alerts SET severity = @severity, version = version + 1
            WHERE account_id = @accountId AND kind = @kind AND status IN ('open', 'acknowledged')
              AND array_position(@severities, severity) - 1 < @rank
            RETURNING id
            """,
            new { accountId, kind, severity, rank, severities = Severities }, work.Transaction, cancellationToken: cancellationToken));
        if (alertId is null)
        {
            return;
        }

        await work.AuditAsync(SuccessAccess.System, "alert", alertId.Value, "escalated", new { severity, reason = reason.Text, reasonCode = reason.Code }, cancellationToken);
        await Notify.AccountTeamAsync(work, accountId, "alert_escalated", $"alert:{alertId}:{severity}",
            ServerText.Of("alert_escalated", $"The {kind} alert is now {severity}: {reason.Text}", Params(alertId.Value, kind, severity, reason)),
            new NotificationLink("account", accountId), cancellationToken);
    }

    private static (string, object?)[] Params(Guid alertId, string kind, string severity, ServerText reason) =>
        [("alertId", alertId), ("alertKind", kind), ("severity", severity), ("reasonCode", reason.Code), ("reasonParams", reason.Params)];
}
