using Dapper;
using KaPlatform.Accounts.IntegrationEvents;
using KaPlatform.Messaging;
using KaPlatform.Messaging.Inbox;
using Npgsql;

namespace KaPlatform.AccountDirectory;

[ConsumerName("on-account-registered")]
public sealed class OnAccountRegistered(NpgsqlDataSource dataSource, IEnumerable<IAwaitsAccount> waiting) : InboxConsumer<AccountRegistered>(dataSource)
{
    // A replay or a registration applied after a newer change keeps each part of the row as new as its own events made it.
    private const string Upsert = """
        INSERT INTO account_directory AS d (id, name, region, owner_id, parent_id, team_user_ids, as_of, team_as_of)
        VALUES (@AccountId, @Name, @Region, @OwnerId, @ParentId, @TeamUserIds, @OccurredAt, @OccurredAt)
        ON CONFLICT (id) DO UPDATE SET
            name = CASE WHEN d.as_of <= EXCLUDED.as_of THEN EXCLUDED.name ELSE d.name END,
            region = CASE WHEN d.as_of <= EXCLUDED.as_of THEN EXCLUDED.region ELSE d.region END,
            parent_id = CASE WHEN d.as_of <= EXCLUDED.as_of THEN EXCLUDED.parent_id ELSE d.parent_id END,
            as_of = greatest(d.as_of, EXCLUDED.as_of),
            owner_id = CASE WHEN coalesce(d.team_as_of, d.as_of) <= EXCLUDED.as_of THEN EXCLUDED.owner_id ELSE d.owner_id END,
            team_user_ids = CASE WHEN coalesce(d.team_as_of, d.as_of) <= EXCLUDED.as_of THEN EXCLUDED.team_user_ids ELSE d.team_user_ids END,
            team_as_of = greatest(coalesce(d.team_as_of, d.as_of), EXCLUDED.as_of),
            updated_at = clock_timestamp()
        WHERE d.as_of <= EXCLUDED.as_of OR coalesce(d.team_as_of, d.as_of) <= EXCLUDED.as_of
        """;

    protected override async Task HandleAsync(AccountRegistered message, UnitOfWork work, CancellationToken cancellationToken)
    {
        // The account's lock is taken in the same round trip, after the row is written, and held to the commit: what
        // waited for the account (kept early, or a service's own) is read after it (AccountArrival).
        await work.Connection.ExecuteAsync(new CommandDefinition(Upsert + ";\n" + AccountArrival.Lock, new
        {
            message.AccountId,
            message.Name,
            message.Region,
            message.OwnerId,
            message.ParentId,
            TeamUserIds = message.TeamUserIds.ToArray(),
            message.OccurredAt,
        }, work.Transaction, cancellationToken: cancellationToken));
        await EarlyChanges.ApplyKeptAsync(work, message.AccountId, cancellationToken);
        foreach (var awaiting in waiting)
        {
            await awaiting.AccountArrivedAsync(work, message.AccountId, cancellationToken);
        }
    }
}
