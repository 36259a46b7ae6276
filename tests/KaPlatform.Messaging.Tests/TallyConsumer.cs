using Dapper;
using KaPlatform.Messaging.Inbox;
using Npgsql;

namespace KaPlatform.Messaging.Tests;

[ConsumerName("tally")]
public sealed class TallyConsumer(NpgsqlDataSource dataSource) : InboxConsumer<Tallied>(dataSource)
{
    public const string PoisonPrefix = "poison";

    /// <summary>Keys that take their account's lock first, as the services' handlers do (health, renewals, arrival).</summary>
    public const string LockingPrefix = "locks-";

    protected override async Task HandleAsync(Tallied message, UnitOfWork work, CancellationToken cancellationToken)
    {
        if (message.Key.StartsWith(PoisonPrefix, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"cannot apply {message.Key}");
        }

        if (message.Key.StartsWith(LockingPrefix, StringComparison.Ordinal))
        {
            await work.Connection.ExecuteAsync(
                """
                SELECT pg_advisory_xact_lock(hashtextextended('tally:' || @AccountId::text, 0));
                INSERT INTO lock_order (account_id) VALUES (@AccountId);
                """,
                new { message.AccountId }, work.Transaction);
        }

        await work.Connection.ExecuteAsync(
            """
            INSERT INTO tally (key, times) VALUES (@Key, 1) ON CONFLICT (key) DO UPDATE SET times = tally.times + 1;
            INSERT INTO plan_settings (key, plan_cache_mode) VALUES (@Key, current_setting('plan_cache_mode')) ON CONFLICT (key) DO NOTHING;
            """,
            new { message.Key }, work.Transaction);
    }
}
