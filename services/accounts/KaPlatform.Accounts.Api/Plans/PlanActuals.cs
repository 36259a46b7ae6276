using Dapper;
using KaPlatform.Contracts.IntegrationEvents;
using KaPlatform.Messaging;
using KaPlatform.Messaging.Inbox;
using KaPlatform.Opportunities.IntegrationEvents;
using KaPlatform.ServiceDefaults;
using Npgsql;

namespace KaPlatform.Accounts.Api.Plans;

/// <summary>
/// Actuals for plan progress, one row per business fact (an opportunity, a contract, a payment application), so a
/// fact re-announced under a new event id still counts once. Fiscal year = calendar year of the fact's business
/// date; an opening has only its instant, read in the business calendar's time zone so a New Year's Eve opening counts in its local year.
/// </summary>
internal static class PlanActuals
{
    private const string Record = """
        INSERT INTO plan_actuals (kind, source_key, account_id, fiscal_year, amount, currency, occurred_on)
        VALUES (@kind, @sourceKey, @accountId, @fiscalYear, @amount, @currency, @occurredOn)
        ON CONFLICT (kind, source_key) DO NOTHING
        """;

    public static Task RecordAsync(UnitOfWork work, string kind, string sourceKey, Guid accountId, DateOnly on, decimal amount, string currency,
        CancellationToken cancellationToken) =>
        work.Connection.ExecuteAsync(new CommandDefinition(Record, new
        {
            kind,
            sourceKey,
            accountId,
            fiscalYear = on.Year,
            amount,
            currency,
            occurredOn = on.ToDateTime(TimeOnly.MinValue),
        }, work.Transaction, cancellationToken: cancellationToken));

    public static DateOnly BusinessDate(DateTimeOffset instant) => BusinessCalendar.Current.DateOf(instant);
}

[ConsumerName("on-opportunity-opened")]
public sealed class OnOpportunityOpened(NpgsqlDataSource dataSource) : InboxConsumer<OpportunityOpened>(dataSource)
{
    protected override Task HandleAsync(OpportunityOpened m, UnitOfWork work, CancellationToken cancellationToken) =>
        PlanActuals.RecordAsync(work, "opportunity_opened", m.OpportunityId.ToString(), m.AccountId, PlanActuals.BusinessDate(m.OccurredAt), m.Amount, m.Currency, cancellationToken);
}

[ConsumerName("on-opportunity-won")]
public sealed class OnOpportunityWon(NpgsqlDataSource dataSource) : InboxConsumer<OpportunityWon>(dataSource)
{
    protected override Task HandleAsync(OpportunityWon m, UnitOfWork work, CancellationToken cancellationToken) =>
        PlanActuals.RecordAsync(work, "opportunity_won", m.OpportunityId.ToString(), m.AccountId, m.CloseDate, m.Amount, m.Currency, cancellationToken);
}

[ConsumerName("on-contract-signed")]
public sealed class OnContractSigned(NpgsqlDataSource dataSource) : InboxConsumer<ContractSigned>(dataSource)
{
    protected override Task HandleAsync(ContractSigned m, UnitOfWork work, CancellationToken cancellationToken) =>
        PlanActuals.RecordAsync(work, "contract_signed", m.ContractId.ToString(), m.AccountId, m.SignedAt, m.Amount, m.Currency, cancellationToken);
}

[ConsumerName("on-payment-received")]
public sealed class OnPaymentReceived(NpgsqlDataSource dataSource) : InboxConsumer<PaymentReceived>(dataSource)
{
    protected override Task HandleAsync(PaymentReceived m, UnitOfWork work, CancellationToken cancellationToken) =>
        PlanActuals.RecordAsync(work, "payment_received", $"{m.PaymentId}:{m.MilestoneId}", m.AccountId, m.ReceivedAt, m.Amount, m.Currency, cancellationToken);
}
