using Dapper;
using KaPlatform.Accounts.IntegrationEvents;
using KaPlatform.Messaging;
using KaPlatform.Messaging.Inbox;
using Npgsql;

namespace KaPlatform.Opportunities.Api.Projections;

/// <summary>
/// Copies the directory's region, not the event's, onto the account's opportunities: the directory has sorted out the
/// order of the account's events, and its own move reaches the opportunities by trigger (migration 0009). This consumer
/// is what remains of the path that wrote the event's region (two orders left that wrong for good); it keeps its queue
/// drained and catches up any opportunity the trigger could not see.
/// </summary>
[ConsumerName("on-account-region-changed")]
public sealed class OnAccountRegionChanged(NpgsqlDataSource dataSource) : InboxConsumer<AccountUpdated>(dataSource)
{
    private const string Apply = """
        UPDATE opportunities o SET account_region = d.region, account_region_as_of = d.as_of
        FROM account_directory d
        WHERE d.id = @AccountId AND o.account_id = d.id AND o.account_region IS DISTINCT FROM d.region
        """;

    protected override Task HandleAsync(AccountUpdated message, UnitOfWork work, CancellationToken cancellationToken) =>
        work.Connection.ExecuteAsync(new CommandDefinition(Apply, new { message.AccountId }, work.Transaction, cancellationToken: cancellationToken));
}
