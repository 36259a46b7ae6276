using Dapper;
using KaPlatform.Messaging.Inbox;
using Npgsql;

namespace KaPlatform.Messaging.Tests;

[ConsumerName("tally")]
public sealed class TallyConsumer(NpgsqlDataSource dataSource) : InboxConsumer<Tallied>(dataSource)
{
    public const string PoisonPrefix = "poison";

    protected override async Task HandleAsync(Tallied message, UnitOfWork work, CancellationToken cancellationToken)
    {
        if (message.Key.StartsWith(PoisonPrefix, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"cannot apply {message.Key}");
        }

        await work.Connection.ExecuteAsync(
            """
            INSERT INTO tally (key, times) VALUES (@Key, 1) ON CONFLICT (key) DO UPDATE SET times = tally.times + 1;
            INSERT INTO plan_settings (key, plan_cache_mode) VALUES (@Key, current_setting('plan_cache_mode')) ON CONFLICT (key) DO NOTHING;
            """,
            new { message.Key }, work.Transaction);
    }
}
