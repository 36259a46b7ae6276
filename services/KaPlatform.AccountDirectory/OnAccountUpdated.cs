using Dapper;
using KaPlatform.Accounts.IntegrationEvents;
using KaPlatform.Messaging;
using KaPlatform.Messaging.Inbox;
using Npgsql;

namespace KaPlatform.AccountDirectory;

/// <summary>Name, region, owner or parent changed: who may see the account can change with them.</summary>
[ConsumerName("on-account-updated")]
public sealed class OnAccountUpdated(NpgsqlDataSource dataSource) : InboxConsumer<AccountUpdated>(dataSource)
{
    private const string Apply = """
        UPDATE account_directory SET name = @Name, region = @Region, owner_id = @OwnerId, parent_id = @ParentId,
               team_user_ids = CASE WHEN @OwnerId = ANY(team_user_ids) THEN team_user_ids ELSE team_user_ids || @OwnerId END,
               as_of = @OccurredAt, updated_at = clock_timestamp()
        WHERE id = @AccountId AND as_of <= @OccurredAt
        """;

    protected override Task HandleAsync(AccountUpdated message, UnitOfWork work, CancellationToken cancellationToken) =>
        work.Connection.ExecuteAsync(new CommandDefinition(Apply, new
        {
            message.AccountId,
            message.Name,
            message.Region,
            message.OwnerId,
            message.ParentId,
            message.OccurredAt,
        }, work.Transaction, cancellationToken: cancellationToken));
}
