using System.Globalization;
using Dapper;
using KaPlatform.Contracts.IntegrationEvents;
using KaPlatform.Messaging;
using KaPlatform.Messaging.Inbox;
using KaPlatform.ServiceDefaults.Texts;
using KaPlatform.Success.Api.Alerts;
using KaPlatform.Success.Api.Notifications;
using KaPlatform.Success.Api.Renewals;
using KaPlatform.Success.Api.Shared;
using Microsoft.Extensions.Options;
using Npgsql;

namespace KaPlatform.Success.Api.Projections;

[ConsumerName("project-contract-drafted")]
public sealed class OnContractDrafted(NpgsqlDataSource db) : InboxConsumer<ContractDrafted>(db)
{
    protected override Task HandleAsync(ContractDrafted m, UnitOfWork work, CancellationToken cancellationToken) =>
        work.Connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO contracts (id, account_id, opportunity_id, number, amount, currency, status)
            VALUES (@ContractId, @AccountId, @OpportunityId, @Number, @Amount, @Currency, 'draft') ON CONFLICT (id) DO NOTHING
            """, m, work.Transaction, cancellationToken: cancellationToken));
}

/// <summary>Signing makes revenue (docs/product.md §4.4), opens the renewal record (§4.3) and enlarges the payment base of health.</summary>
[ConsumerName("project-contract-signed")]
public sealed class OnContractSigned(NpgsqlDataSource db, IOptions<SuccessOptions> options) : HealthAffectingConsumer<ContractSigned>(db, options)
{
    protected override async Task ApplyAsync(ContractSigned m, UnitOfWork work, CancellationToken cancellationToken)
    {
        await work.Connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO contracts (id, account_id, opportunity_id, number, amount, currency, status, signed_at, start_date, end_date)
            VALUES (@ContractId, @AccountId, @OpportunityId, @Number, @Amount, @Currency, 'signed', @SignedAt, @StartDate, @EndDate)
            ON CONFLICT (id) DO UPDATE SET opportunity_id = coalesce(contracts.opportunity_id, EXCLUDED.opportunity_id),
                amount = EXCLUDED.amount, currency = EXCLUDED.currency, signed_at = EXCLUDED.signed_at,
                start_date = EXCLUDED.start_date, end_date = EXCLUDED.end_date,
                status = CASE contracts.status WHEN 'completed' THEN 'completed' ELSE 'signed' END
            """, m, work.Transaction, cancellationToken: cancellationToken));
        await RenewalTracking.OnSignedAsync(work, m, Options, cancellationToken);
    }
}

/// <summary>
/// An insert too: after an outage the completion and the signing wait on two queues, and the completion may be applied
/// first. The signing then fills in its dates and keeps the status (OnContractSigned).
/// </summary>
[ConsumerName("project-contract-completed")]
public sealed class OnContractCompleted(NpgsqlDataSource db) : InboxConsumer<ContractCompleted>(db)
{
    protected override Task HandleAsync(ContractCompleted m, UnitOfWork work, CancellationToken cancellationToken) =>
        work.Connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO contracts (id, account_id, number, amount, currency, status)
            VALUES (@ContractId, @AccountId, @Number, @Amount, @Currency, 'completed')
            ON CONFLICT (id) DO UPDATE SET status = 'completed'
            """, m, work.Transaction, cancellationToken: cancellationToken));
}

[ConsumerName("project-invoice-requested")]
public sealed class OnInvoiceRequested(NpgsqlDataSource db) : InboxConsumer<InvoiceRequested>(db)
{
    protected override Task HandleAsync(InvoiceRequested m, UnitOfWork work, CancellationToken cancellationToken) =>
        work.Connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO milestones (id, contract_id, account_id, kind, invoiced_amount, currency)
            VALUES (@MilestoneId, @ContractId, @AccountId, @MilestoneKind, @Amount, @Currency)
            ON CONFLICT (id) DO UPDATE SET kind = EXCLUDED.kind, invoiced_amount = EXCLUDED.invoiced_amount
            """, m, work.Transaction, cancellationToken: cancellationToken));
}

/// <summary>Overdue notices feed the payment component; past 30 days they open payment_overdue (docs/product.md §4.2).</summary>
[ConsumerName("project-milestone-overdue")]
public sealed class OnMilestoneOverdue(NpgsqlDataSource db, IOptions<SuccessOptions> options) : HealthAffectingConsumer<MilestoneOverdue>(db, options)
{
    protected override async Task ApplyAsync(MilestoneOverdue m, UnitOfWork work, CancellationToken cancellationToken)
    {
        await work.Connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO milestones (id, contract_id, account_id, currency, due_date, overdue_outstanding, overdue_as_of, overdue_threshold)
            VALUES (@MilestoneId, @ContractId, @AccountId, @Currency, @DueDate, @Outstanding, @OccurredAt, @DaysOverdueThreshold)
            ON CONFLICT (id) DO UPDATE SET due_date = EXCLUDED.due_date, overdue_outstanding = EXCLUDED.overdue_outstanding,
                overdue_as_of = EXCLUDED.overdue_as_of, overdue_threshold = EXCLUDED.overdue_threshold
            WHERE milestones.overdue_as_of IS NULL OR milestones.overdue_as_of <= EXCLUDED.overdue_as_of
            """, m, work.Transaction, cancellationToken: cancellationToken));

        await MilestoneNotifications.OverdueAsync(work, m, cancellationToken);

        if (m.DaysOverdueThreshold >= 30)
        {
            await RiskAlerts.RaiseAsync(work, m.AccountId, "payment_overdue", m.DaysOverdueThreshold >= 60 ? "high" : "medium",
                ServerText.Of("payment_overdue",
                    string.Create(CultureInfo.InvariantCulture, $"Contract {m.Number}: {m.Outstanding:0.00} {m.Currency} over {m.DaysOverdueThreshold} days overdue (due {m.DueDate:yyyy-MM-dd})."),
                    ("contractId", m.ContractId), ("contractNumber", m.Number), ("amount", m.Outstanding), ("currency", m.Currency),
                    ("days", m.DaysOverdueThreshold), ("dueDate", m.DueDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))),
                cancellationToken);
        }
    }
}

/// <summary>Once per (payment, milestone), under whichever event id it comes (migration 0012).</summary>
[ConsumerName("project-payment-received")]
public sealed class OnPaymentReceived(NpgsqlDataSource db, IOptions<SuccessOptions> options) : HealthAffectingConsumer<PaymentReceived>(db, options)
{
    protected override Task ApplyAsync(PaymentReceived m, UnitOfWork work, CancellationToken cancellationToken) =>
        work.Connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO payments (event_id, payment_id, contract_id, account_id, milestone_id, amount, currency, received_at, external_ref, recorded_at)
            VALUES (@EventId, @PaymentId, @ContractId, @AccountId, @MilestoneId, @Amount, @Currency, @ReceivedAt, @ExternalRef, @OccurredAt)
            ON CONFLICT DO NOTHING
            """, m, work.Transaction, cancellationToken: cancellationToken));
}
