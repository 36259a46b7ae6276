using Dapper;
using KaPlatform.Accounts.IntegrationEvents;
using KaPlatform.Messaging;
using KaPlatform.Messaging.Inbox;
using Npgsql;

namespace KaPlatform.AccountDirectory;

/// <summary>The team decides what a KAM or rep sees (docs/product.md §6): replace it whole, unless a newer team is there.</summary>
[ConsumerName("on-account-team-changed")]
public sealed class OnAccountTeamChanged(NpgsqlDataSource dataSource) : InboxConsumer<AccountTeamChanged>(dataSource)
{
    private const string Apply = """
        UPDATE account_directory SET owner_id = @OwnerId, team_user_ids = @TeamUserIds, team_as_of = @OccurredAt, updated_at = clock_timestamp()
        WHERE id = @AccountId AND coalesce(team_as_of, as_of) <= @OccurredAt
        """;

    protected override async Task HandleAsync(AccountTeamChanged message, UnitOfWork work, CancellationToken cancellationToken)
    {
        if (await ApplyAsync(work, message, cancellationToken) == 0
            && !await EarlyChanges.KeepIfUnregisteredAsync(work, EarlyChanges.Change.Of(message), cancellationToken))
        {
            await ApplyAsync(work, message, cancellationToken); // registered meanwhile
        }
    }

    internal static Task<int> ApplyAsync(UnitOfWork work, AccountTeamChanged message, CancellationToken cancellationToken) =>
        work.Connection.ExecuteAsync(new CommandDefinition(Apply, new
        {
            message.AccountId,
            message.OwnerId,
            TeamUserIds = message.TeamUserIds.ToArray(),
            message.OccurredAt,
        }, work.Transaction, cancellationToken: cancellationToken));
}
