using Dapper;
using KaPlatform.Accounts.IntegrationEvents;
using KaPlatform.Messaging;
using KaPlatform.Messaging.Inbox;
using Npgsql;

namespace KaPlatform.AccountDirectory;

[ConsumerName("on-account-registered")]
public sealed class OnAccountRegistered(NpgsqlDataSource dataSource) : InboxConsumer<AccountRegistered>(dataSource)
{
    private const string Upsert = """
        INSERT INTO account_directory (id, name, region, owner_id, parent_id, team_user_ids, as_of)
        VALUES (@AccountId, @Name, @Region, @OwnerId, @ParentId, @TeamUserIds, @OccurredAt)
        ON CONFLICT (id) DO UPDATE SET
            name = EXCLUDED.name, region = EXCLUDED.region, owner_id = EXCLUDED.owner_id,
            parent_id = EXCLUDED.parent_id, team_user_ids = EXCLUDED.team_user_ids,
            as_of = EXCLUDED.as_of, updated_at = clock_timestamp()
        WHERE account_directory.as_of <= EXCLUDED.as_of
        """;

    protected override Task HandleAsync(AccountRegistered message, UnitOfWork work, CancellationToken cancellationToken) =>
        work.Connection.ExecuteAsync(new CommandDefinition(Upsert, new
        {
            message.AccountId,
            message.Name,
            message.Region,
            message.OwnerId,
            message.ParentId,
            TeamUserIds = message.TeamUserIds.ToArray(),
            message.OccurredAt,
        }, work.Transaction, cancellationToken: cancellationToken));
}
