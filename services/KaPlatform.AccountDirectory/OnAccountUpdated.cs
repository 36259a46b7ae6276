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
    // The details follow this event when it is their newest; the owner too, unless a newer AccountTeamChanged set it
    // (the team keeps its own time, team_as_of, migration 0002). Every right-hand side reads the row as it was.
    private const string Apply = """
        UPDATE account_directory SET
            name = CASE WHEN as_of <= @OccurredAt THEN @Name ELSE name END,
            region = CASE WHEN as_of <= @OccurredAt THEN @Region ELSE region END,
            parent_id = CASE WHEN as_of <= @OccurredAt THEN @ParentId ELSE parent_id END,
            as_of = greatest(as_of, @OccurredAt),
            owner_id = CASE WHEN coalesce(team_as_of, as_of) <= @OccurredAt THEN @OwnerId ELSE owner_id END,
            team_user_ids = CASE WHEN coalesce(team_as_of, as_of) > @OccurredAt OR @OwnerId = ANY(team_user_ids) THEN team_user_ids
                                 ELSE team_user_ids || @OwnerId END,
            team_as_of = greatest(coalesce(team_as_of, as_of), @OccurredAt),
            updated_at = clock_timestamp()
        WHERE id = @AccountId AND (as_of <= @OccurredAt OR coalesce(team_as_of, as_of) <= @OccurredAt)
        """;

    protected override async Task HandleAsync(AccountUpdated message, UnitOfWork work, CancellationToken cancellationToken)
    {
        if (await ApplyAsync(work, message, cancellationToken) == 0
            && !await EarlyChanges.KeepIfUnregisteredAsync(work, EarlyChanges.Change.Of(message), cancellationToken))
        {
            await ApplyAsync(work, message, cancellationToken); // registered meanwhile
        }
    }

    internal static Task<int> ApplyAsync(UnitOfWork work, AccountUpdated message, CancellationToken cancellationToken) =>
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
