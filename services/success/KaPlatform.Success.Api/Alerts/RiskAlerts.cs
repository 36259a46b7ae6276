using System.Text.Json;
using Dapper;
using KaPlatform.Messaging;
using KaPlatform.ServiceDefaults;
using KaPlatform.ServiceDefaults.Texts;
using KaPlatform.Success.Api.Notifications;
using KaPlatform.Success.Api.Shared;
using KaPlatform.Success.IntegrationEvents;

namespace KaPlatform.Success.Api.Alerts;

/// <summary>Opens a risk alert (docs/product.md §4.2) unless one of the same kind is still unresolved for the account.</summary>
public static class RiskAlerts
{
    public static readonly string[] Kinds =
        ["champion_departed", "payment_overdue", "engagement_gap", "health_drop", "competitor_threat", "renewal_at_risk"];

    // The win-back tactics of docs/product.md §4.2 close every playbook; each kind opens with its own first steps.
    private static readonly string[] WinBack =
    [
        "Find the root cause with the account team and the customer",
        "Win new supporters among the decision chain",
        "Neutralise opponents: address their interests at stake",
        "Bring new solutions that answer the customer's current goals",
    ];

    private static readonly Dictionary<string, string[]> FirstSteps = new()
    {
        ["champion_departed"] = ["Meet the successor within two weeks", "Follow the departed contact to their new role: a possible new account"],
        ["payment_overdue"] = ["Check the evidence chain (delivery note, acceptance certificate) is complete", "Escalate to the payment approvers with a promised date"],
        ["engagement_gap"] = ["Schedule a visit with the economic buyer", "Share a usage or value report"],
        ["health_drop"] = ["Review which health component fell and why"],
        ["competitor_threat"] = ["Debrief the loss with the coach", "Map the competitor's foothold and the contracts at risk"],
        ["renewal_at_risk"] = ["Start the renewal conversation now with the economic buyer", "Prepare a renewal offer addressing the open issues"],
    };

    public static IReadOnlyList<string> Playbook(string kind) => [.. FirstSteps.GetValueOrDefault(kind, []), .. WinBack];

    /// <summary>The playbook as stable codes (`{kind}.{n}` for first steps, `win_back.{n}` after), for clients to translate step by step.</summary>
    public static string[] PlaybookCodes(string kind) =>
        [.. FirstSteps.GetValueOrDefault(kind, []).Select((_, i) => $"{kind}.{i + 1}"), .. WinBack.Select((_, i) => $"win_back.{i + 1}")];

    /// <returns>The new alert's id, or null when an unresolved alert of that kind already exists.</returns>
    public static async Task<Guid?> RaiseAsync(UnitOfWork work, Guid accountId, string kind, string severity, ServerText reason, CancellationToken cancellationToken)
    {
        var id = await work.Connection.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(
            """
            INSERT INTO alerts (id, account_id, kind, severity, reason, reason_code, reason_params, playbook)
            VALUES (@Id, @accountId, @kind, @severity, @Reason, @ReasonCode, @ReasonParams::jsonb, @Playbook)
            ON CONFLICT (account_id, kind) WHERE status IN ('open', 'acknowledged') DO NOTHING
            RETURNING id
            """,
            new
            {
                Id = Guid.CreateVersion7(), accountId, kind, severity, Reason = reason.Text, ReasonCode = reason.Code,
                ReasonParams = JsonSerializer.Serialize(reason.Params, Json.Options), Playbook = Playbook(kind).ToArray(),
            },
            work.Transaction, cancellationToken: cancellationToken));
        if (id is null)
        {
            await AlertNotifications.EscalateAsync(work, accountId, kind, severity, reason, cancellationToken);
            return null;
        }

        await work.AuditAsync(SuccessAccess.System, "alert", id.Value, "raised", new { accountId, kind, severity, reason = reason.Text, reasonCode = reason.Code }, cancellationToken);
        await work.PublishAsync(new RiskAlertRaised(Guid.CreateVersion7(), DateTimeOffset.UtcNow, accountId, id.Value, kind, severity, reason.Text), cancellationToken);
        await AlertNotifications.RaisedAsync(work, accountId, id.Value, kind, severity, reason, cancellationToken);
        return id;
    }
}
