using Dapper;
using KaPlatform.Accounts.IntegrationEvents;
using KaPlatform.Messaging;

namespace KaPlatform.AccountDirectory;

/// <summary>
/// AccountUpdated and AccountTeamChanged that arrive before their account's AccountRegistered: each comes on a queue
/// of its own, and after an outage the registration may sit deep in a backlog. Dropped, the registration's older team
/// or name would stay for good (and the team decides who sees the account); retried, a long backlog would park them in
/// an error queue. So they are kept, and the registration applies them.
/// </summary>
/// <remarks>
/// The account's lock (<see cref="AccountArrival"/>) orders the two sides: a change looks for the row under it, the
/// registration takes it after writing the row and reads what was kept after that.
/// </remarks>
internal static class EarlyChanges
{
    private const string Keep = """
        INSERT INTO account_directory_early (event_id, account_id, occurred_at, name, region, parent_id, owner_id, team_user_ids)
        VALUES (@EventId, @AccountId, @OccurredAt, @Name, @Region, @ParentId, @OwnerId, @TeamUserIds)
        ON CONFLICT (event_id) DO NOTHING
        """;

    private const string Take = """
        DELETE FROM account_directory_early WHERE account_id = @AccountId
        RETURNING event_id AS EventId, account_id AS AccountId, occurred_at AS OccurredAt, name AS Name, region AS Region,
            parent_id AS ParentId, owner_id AS OwnerId, team_user_ids AS TeamUserIds
        """;

    /// <summary>After an update changed no row: keeps the change when the account is not registered yet.</summary>
    /// <returns>False when the account is there (registered meanwhile, or the change was older than the row).</returns>
    public static async Task<bool> KeepIfUnregisteredAsync(UnitOfWork work, Change change, CancellationToken cancellationToken)
    {
        if (await AccountArrival.IsKnownAsync(work, change.AccountId, cancellationToken))
        {
            return false;
        }

        await work.Connection.ExecuteAsync(new CommandDefinition(Keep, change, work.Transaction, cancellationToken: cancellationToken));
        return true;
    }

    /// <summary>Called by the registration with its row written and the account's lock held: applies what came before it, oldest first.</summary>
    public static async Task ApplyKeptAsync(UnitOfWork work, Guid accountId, CancellationToken cancellationToken)
    {
        var kept = await work.Connection.QueryAsync<Change>(new CommandDefinition(Take, new { AccountId = accountId }, work.Transaction, cancellationToken: cancellationToken));
        foreach (var change in kept.OrderBy(c => c.OccurredAt))
        {
            await (change.TeamUserIds is null
                ? OnAccountUpdated.ApplyAsync(work, change.AsUpdate(), cancellationToken)
                : OnAccountTeamChanged.ApplyAsync(work, change.AsTeamChange(), cancellationToken));
        }
    }

    public sealed class Change
    {
        public Guid EventId { get; init; }
        public Guid AccountId { get; init; }
        public DateTimeOffset OccurredAt { get; init; }
        public string? Name { get; init; }
        public string? Region { get; init; }
        public Guid? ParentId { get; init; }
        public Guid OwnerId { get; init; }
        public Guid[]? TeamUserIds { get; init; }

        public static Change Of(AccountUpdated m) => new()
        {
            EventId = m.EventId, AccountId = m.AccountId, OccurredAt = m.OccurredAt, Name = m.Name, Region = m.Region, ParentId = m.ParentId, OwnerId = m.OwnerId,
        };

        public static Change Of(AccountTeamChanged m) => new()
        {
            EventId = m.EventId, AccountId = m.AccountId, OccurredAt = m.OccurredAt, OwnerId = m.OwnerId, TeamUserIds = [.. m.TeamUserIds],
        };

        // Only the fields the directory keeps: the classification inputs and the members' roles are not its concern.
        public AccountUpdated AsUpdate() => new(EventId, OccurredAt, AccountId, Name!, Region!, OwnerId, ParentId, null, null, null, null);

        public AccountTeamChanged AsTeamChange() => new(EventId, OccurredAt, AccountId, OwnerId, [], TeamUserIds!);
    }
}
