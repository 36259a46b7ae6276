using Dapper;
using KaPlatform.Accounts.IntegrationEvents;
using KaPlatform.Messaging;
using KaPlatform.Messaging.Inbox;
using Npgsql;

namespace KaPlatform.Opportunities.Api.Projections;

/// <summary>
/// Keeps the account's region copied onto its opportunities (the director's forecast reads it). Its own queue next
/// to the account directory's consumer of the same event; an older event never overwrites a newer region.
/// </summary>
[ConsumerName("on-account-region-changed")]
public sealed class OnAccountRegionChanged(NpgsqlDataSource dataSource) : InboxConsumer<AccountUpdated>(dataSource)
{
    private const string Apply = """
        UPDATE opportunities SET account_region = @Region, account_region_as_of = @OccurredAt
        WHERE account_id = @AccountId AND (account_region_as_of IS NULL OR account_region_as_of <= @OccurredAt)
          AND account_region IS DISTINCT FROM @Region
        """;

    protected override Task HandleAsync(AccountUpdated message, UnitOfWork work, CancellationToken cancellationToken) =>
        work.Connection.ExecuteAsync(new CommandDefinition(Apply, new { message.AccountId, message.Region, OccurredAt = message.OccurredAt.UtcDateTime },
            work.Transaction, cancellationToken: cancellationToken));
}
