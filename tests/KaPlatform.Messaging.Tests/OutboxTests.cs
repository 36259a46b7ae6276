using Dapper;
using KaPlatform.Testing;

namespace KaPlatform.Messaging.Tests;

public sealed class OutboxTests(InfrastructureFixture infra)
{
    [Fact]
    public async Task A_committed_change_reaches_the_consumer_and_is_marked_sent()
    {
        await using var host = await MessagingHost.StartAsync(await infra.CreateDatabaseAsync(), await infra.CreateEventBusAsync());

        await host.WriteAsync("first");

        await Eventually.TrueAsync(async () => await host.TimesAppliedAsync("first") == 1, what: "event applied");
        await Eventually.TrueAsync(async () => await host.UnsentAsync() == 0, what: "outbox drained");
    }

    [Fact]
    public async Task A_rolled_back_change_publishes_nothing()
    {
        await using var host = await MessagingHost.StartAsync(await infra.CreateDatabaseAsync(), await infra.CreateEventBusAsync());

        await host.WriteAsync("rolled-back", commit: false);
        await host.WriteAsync("committed-after");

        // Delivery is in outbox order, so once the later event is applied the earlier one would have been too.
        await Eventually.TrueAsync(async () => await host.TimesAppliedAsync("committed-after") == 1);
        Assert.Equal(0, await host.TimesAppliedAsync("rolled-back"));
        await using var connection = await host.Db.OpenConnectionAsync();
        Assert.Equal(1L, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM outbox"));
        Assert.Equal(0L, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM change_log WHERE key = 'rolled-back'"));
    }

    [Fact]
    public async Task Rows_written_while_the_relay_is_down_are_published_when_it_starts()
    {
        var database = await infra.CreateDatabaseAsync();
        var bus = await infra.CreateEventBusAsync();
        string prefix;
        await using (var stopped = await MessagingHost.StartAsync(database, bus, relay: false))
        {
            prefix = stopped.QueuePrefix;
            for (var i = 0; i < 10; i++)
            {
                await stopped.WriteAsync($"queued-{i}");
            }

            Assert.Equal(10L, await stopped.UnsentAsync());
        }

        await using var restarted = await MessagingHost.StartAsync(database, bus, queuePrefix: prefix);
        for (var i = 0; i < 10; i++)
        {
            var key = $"queued-{i}";
            await Eventually.TrueAsync(async () => await restarted.TimesAppliedAsync(key) == 1, what: key);
        }

        // The relay marks rows sent after the broker's confirm, which can be a moment after the consumer had them.
        await Eventually.TrueAsync(async () => await restarted.UnsentAsync() == 0, what: "outbox drained");
    }

    [Fact]
    public async Task Two_instances_starting_together_apply_each_migration_once()
    {
        var database = await infra.CreateDatabaseAsync();
        var bus = await infra.CreateEventBusAsync();

        var first = MessagingHost.StartAsync(database, bus);
        var second = MessagingHost.StartAsync(database, bus);
        await using var a = await first;
        await using var b = await second;

        await using var connection = await a.Db.OpenConnectionAsync();
        var versions = (await connection.QueryAsync<(string Module, string Version, long Count)>(
            "SELECT module, version, count(*) FROM schema_migrations GROUP BY module, version")).ToList();
        Assert.Equal(
            ["KaPlatform.Messaging", "KaPlatform.Messaging.Tests", "KaPlatform.ServiceDefaults"],
            versions.Select(v => v.Module).Distinct().Order().ToArray());
        Assert.All(versions, v => Assert.Equal(1L, v.Count));
    }
}
