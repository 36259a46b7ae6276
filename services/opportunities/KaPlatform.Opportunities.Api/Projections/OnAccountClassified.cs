using Dapper;
using KaPlatform.Accounts.IntegrationEvents;
using KaPlatform.Messaging;
using KaPlatform.Messaging.Inbox;
using Npgsql;

namespace KaPlatform.Opportunities.Api.Projections;

/// <summary>
/// The account's class for the portfolio load (docs/product.md §9). accounts-api treats the newest fiscal year's assessment as
/// the current class, so a late event for an older year, or an older event of the same year, never overwrites it.
/// </summary>
[ConsumerName("on-account-classified")]
public sealed class OnAccountClassified(NpgsqlDataSource dataSource) : InboxConsumer<AccountClassified>(dataSource)
{
    private const string Upsert = """
        INSERT INTO account_classes (account_id, class, fiscal_year, as_of) VALUES (@AccountId, @Class, @FiscalYear, @OccurredAt)
        ON CONFLICT (account_id) DO UPDATE SET class = EXCLUDED.class, fiscal_year = EXCLUDED.fiscal_year, as_of = EXCLUDED.as_of
        WHERE (account_classes.fiscal_year, account_classes.as_of) <= (EXCLUDED.fiscal_year, EXCLUDED.as_of)
        """;

    protected override Task HandleAsync(AccountClassified m, UnitOfWork work, CancellationToken cancellationToken) =>
        work.Connection.ExecuteAsync(new CommandDefinition(Upsert, new { m.AccountId, m.Class, m.FiscalYear, OccurredAt = m.OccurredAt.UtcDateTime },
            work.Transaction, cancellationToken: cancellationToken));
}
