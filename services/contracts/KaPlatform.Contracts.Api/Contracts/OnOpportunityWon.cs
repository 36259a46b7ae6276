using Dapper;
using KaPlatform.Contracts.Api.PaymentPlans;
using KaPlatform.Contracts.IntegrationEvents;
using KaPlatform.Messaging;
using KaPlatform.Messaging.Inbox;
using KaPlatform.Opportunities.IntegrationEvents;
using Npgsql;

namespace KaPlatform.Contracts.Api.Contracts;

/// <summary>
/// docs/product.md §3.1: a won opportunity becomes one draft contract with the default payment plan. The inbox drops a
/// redelivered message; the unique opportunity_id drops the same win announced twice under another event id
/// (a re-published outbox row, a replay). Both are in one transaction, so a crash half-way leaves nothing behind.
/// </summary>
[ConsumerName("on-opportunity-won")]
public sealed class OnOpportunityWon(NpgsqlDataSource dataSource) : InboxConsumer<OpportunityWon>(dataSource)
{
    private const string Insert = """
        INSERT INTO contracts (id, number, account_id, opportunity_id, owner_id, title, amount, currency)
        VALUES (@Id, 'KA-' || to_char(@Year, 'FM0000') || '-' || lpad(nextval('contract_number_seq')::text, 6, '0'),
                @AccountId, @OpportunityId, @OwnerId, @Title, @Amount, @Currency)
        ON CONFLICT (opportunity_id) DO NOTHING
        RETURNING number
        """;

    protected override async Task HandleAsync(OpportunityWon message, UnitOfWork work, CancellationToken cancellationToken)
    {
        var id = Guid.CreateVersion7();
        var currency = string.IsNullOrWhiteSpace(message.Currency) ? "CNY" : message.Currency.Trim().ToUpperInvariant();
        var amount = Math.Round(message.Amount, 2, MidpointRounding.AwayFromZero);
        var number = await work.Connection.QuerySingleOrDefaultAsync<string>(Insert, new
        {
            Id = id,
            Year = DateTime.UtcNow.Year,
            message.AccountId,
            message.OpportunityId,
            message.OwnerId,
            Title = string.IsNullOrWhiteSpace(message.Name) ? $"Opportunity {message.OpportunityId}" : message.Name,
            Amount = amount,
            Currency = currency,
        }, work.Transaction);
        if (number is null)
        {
            return; // this opportunity already has its contract
        }

        await MilestoneStore.InsertAsync(work, id, message.AccountId, currency, PaymentPlan.Allocate(amount, PaymentPlan.DefaultTemplate));
        await work.AuditAsync(ContractAccess.System, "contract", id, "drafted", new { message.OpportunityId, number, amount, currency }, cancellationToken);
        await work.PublishAsync(new ContractDrafted(
            Guid.CreateVersion7(), DateTimeOffset.UtcNow, message.AccountId, id, message.OpportunityId, number, amount, currency), cancellationToken);
    }
}
