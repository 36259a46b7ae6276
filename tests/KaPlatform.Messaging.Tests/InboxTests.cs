using Dapper;
using KaPlatform.Testing;
using MassTransit;
using Npgsql;

namespace KaPlatform.Messaging.Tests;

public sealed class InboxTests(InfrastructureFixture infra)
{
    [Fact]
    public async Task A_message_delivered_twice_is_applied_once()
    {
        var bus = await infra.CreateEventBusAsync();
        await using var host = await MessagingHost.StartAsync(await infra.CreateDatabaseAsync(), bus);
        await host.WriteAsync("warm-up");
        await Eventually.TrueAsync(async () => await host.TimesAppliedAsync("warm-up") == 1);

        var duplicate = new Tallied(Guid.CreateVersion7(), DateTimeOffset.UtcNow, Guid.CreateVersion7(), "twice");
        await host.Bus.Publish(duplicate, c => c.MessageId = duplicate.EventId);
        await host.Bus.Publish(duplicate, c => c.MessageId = duplicate.EventId);

        await Eventually.TrueAsync(async () => await host.TimesAppliedAsync("twice") == 1);
        await QueueDrainedAsync(bus, host.ConsumerQueue);
        Assert.Equal(1, await host.TimesAppliedAsync("twice"));
        await using var connection = await host.Db.OpenConnectionAsync();
        Assert.Equal(1L, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM inbox WHERE message_id = @EventId", new { duplicate.EventId }));
    }

    [Fact]
    public async Task Every_consumed_message_counts_as_work_served_so_the_idle_trim_does_not_pause_a_busy_consumer()
    {
        var bus = await infra.CreateEventBusAsync();
        await using var host = await MessagingHost.StartAsync(await infra.CreateDatabaseAsync(), bus);
        var before = host.Served.Started;

        var keys = Enumerable.Range(0, 5).Select(i => $"served-{i}").ToList();
        await host.WriteManyAsync(keys);
        foreach (var key in keys)
        {
            await Eventually.TrueAsync(async () => await host.TimesAppliedAsync(key) == 1);
        }

        Assert.True(host.Served.Started - before >= keys.Count, $"{host.Served.Started - before} served for {keys.Count} messages");
    }

    [Fact]
    public async Task A_consumer_runs_on_cached_plans_and_leaves_the_session_setting_as_it_found_it()
    {
        var bus = await infra.CreateEventBusAsync();
        await using var host = await MessagingHost.StartAsync(await infra.CreateDatabaseAsync(), bus);
        await host.WriteAsync("plans");
        await Eventually.TrueAsync(async () => await host.TimesAppliedAsync("plans") == 1);

        await using (var connection = await host.Db.OpenConnectionAsync())
        {
            Assert.Equal("auto", await connection.ExecuteScalarAsync<string>("SELECT plan_cache_mode FROM plan_settings WHERE key = 'plans'"));
        }

        // SET LOCAL ends with the transaction: every pooled connection, the consumer's among them, plans per run again
        // (what searches and optional filters outside consumers rely on).
        var connections = await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ => await host.Db.OpenConnectionAsync()));
        try
        {
            foreach (var connection in connections)
            {
                Assert.Equal("force_custom_plan", await connection.ExecuteScalarAsync<string>("SHOW plan_cache_mode"));
            }
        }
        finally
        {
            foreach (var connection in connections)
            {
                await connection.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task A_row_published_again_after_a_crash_before_it_was_marked_sent_is_applied_once()
    {
        var bus = await infra.CreateEventBusAsync();
        await using var host = await MessagingHost.StartAsync(await infra.CreateDatabaseAsync(), bus);
        var written = await host.WriteAsync("republished");
        await Eventually.TrueAsync(async () => await host.TimesAppliedAsync("republished") == 1);
        await Eventually.TrueAsync(async () => await host.UnsentAsync() == 0);

        // What a relay that died between the broker's confirm and its UPDATE leaves behind.
        await using (var connection = await host.Db.OpenConnectionAsync())
        {
            await connection.ExecuteAsync("UPDATE outbox SET sent_at = NULL WHERE id = @EventId", new { written.EventId });
        }

        await host.WriteAsync("after-republish");
        await Eventually.TrueAsync(async () => await host.TimesAppliedAsync("after-republish") == 1);
        await Eventually.TrueAsync(async () => await host.UnsentAsync() == 0);
        await QueueDrainedAsync(bus, host.ConsumerQueue);
        Assert.Equal(1, await host.TimesAppliedAsync("republished"));
    }

    [Fact]
    public async Task A_message_that_keeps_failing_goes_to_the_error_queue_and_does_not_block_the_others()
    {
        var bus = await infra.CreateEventBusAsync();
        await using var host = await MessagingHost.StartAsync(await infra.CreateDatabaseAsync(), bus);

        await host.WriteAsync(TallyConsumer.PoisonPrefix + "-1");
        await host.WriteAsync("healthy");

        await Eventually.TrueAsync(async () => await host.TimesAppliedAsync("healthy") == 1);
        using var management = infra.Management();
        var vhost = Uri.UnescapeDataString(new Uri(bus).AbsolutePath.TrimStart('/'));
        await Eventually.TrueAsync(async () => await management.QueueDepthAsync(vhost, host.ConsumerQueue + "_error") == 1, what: "poison message in the error queue");
        await using var connection = await host.Db.OpenConnectionAsync();
        Assert.Equal(0L, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM inbox i JOIN outbox o ON o.id = i.message_id WHERE o.body->>'key' LIKE 'poison%'"));
    }

    [Fact]
    public async Task Messages_that_arrive_together_share_transactions_and_a_poison_among_them_fails_alone()
    {
        var bus = await infra.CreateEventBusAsync();
        await using var host = await MessagingHost.StartAsync(await infra.CreateDatabaseAsync(), bus);
        var keys = Enumerable.Range(0, 200).Select(i => i % 50 == 25 ? $"{TallyConsumer.PoisonPrefix}-burst-{i}" : $"burst-{i}").ToArray();
        await host.WriteManyAsync(keys);

        using var management = infra.Management();
        var vhost = Uri.UnescapeDataString(new Uri(bus).AbsolutePath.TrimStart('/'));
        await Eventually.TrueAsync(async () => await management.QueueDepthAsync(vhost, host.ConsumerQueue + "_error") == 4, what: "the four poison messages in the error queue");
        await QueueDrainedAsync(bus, host.ConsumerQueue);

        await using var connection = await host.Db.OpenConnectionAsync();
        var applied = (await connection.QueryAsync<(string Key, int Times, string Transaction)>(
            "SELECT key, times, xmin::text FROM tally WHERE key LIKE 'burst-%' OR key LIKE 'poison-burst-%'")).ToList();
        Assert.Equal(keys.Where(k => !k.StartsWith(TallyConsumer.PoisonPrefix, StringComparison.Ordinal)).Order(), applied.Select(a => a.Key).Order());
        Assert.All(applied, a => Assert.Equal(1, a.Times));
        // Rows written by one transaction share its id: fewer transactions than messages means batches were applied.
        Assert.InRange(applied.Select(a => a.Transaction).Distinct().Count(), 1, applied.Count - 1);
        Assert.Equal(196L, await connection.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM inbox i JOIN outbox o ON o.id = i.message_id WHERE o.body->>'key' LIKE 'burst-%'"));
        Assert.Equal(0L, await connection.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM inbox i JOIN outbox o ON o.id = i.message_id WHERE o.body->>'key' LIKE 'poison-burst-%'"));
    }

    [Fact]
    public async Task A_batch_takes_its_accounts_locks_in_account_order_so_two_batches_never_deadlock()
    {
        var bus = await infra.CreateEventBusAsync();
        var database = await infra.CreateDatabaseAsync();
        var host = await MessagingHost.StartAsync(database, bus);
        var accounts = Enumerable.Range(0, 6).Select(_ => Guid.NewGuid()).ToArray();
        // Messages for six accounts in a shuffled order, arriving together: the consumer's two batch workers each take
        // several of the accounts' locks, and in arrival order two of them would sooner or later cross.
        var keys = Enumerable.Range(0, 240).Select(i => ($"{TallyConsumer.LockingPrefix}{i}", accounts[Random.Shared.Next(accounts.Length)])).ToArray();
        try
        {
            await host.WriteManyAsync(keys);
            await Eventually.TrueAsync(async () =>
            {
                await using var c = await host.Db.OpenConnectionAsync();
                return await c.ExecuteScalarAsync<long>("SELECT count(*) FROM tally WHERE key LIKE 'locks-%'") == keys.Length;
            }, what: "every locking message applied");
        }
        finally
        {
            await host.DisposeAsync();
        }

        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        Assert.Equal(0L, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM tally WHERE key LIKE 'locks-%' AND times <> 1"));
        // Transactions whose lock order went down from one account to another (uuid order, PostgreSQL's: the daily
        // health scan's order too); and, so that this says something, how many took more than one account.
        var order = await connection.QuerySingleAsync<(long Descending, long Several)>("""
            SELECT count(*) FILTER (WHERE descending), count(*) FILTER (WHERE accounts > 1)
            FROM (SELECT tx, bool_or(account_id < previous) AS descending, count(DISTINCT account_id) AS accounts
                  FROM (SELECT tx, account_id, lag(account_id) OVER (PARTITION BY tx ORDER BY seq) AS previous FROM lock_order) l
                  GROUP BY tx) t
            """);
        Assert.Equal(0L, order.Descending);
        Assert.True(order.Several > 0, "no transaction took more than one account's lock: nothing was batched");
        // The deadlocks PostgreSQL broke in this database; each backend reports its count when it exits.
        await Eventually.TrueAsync(async () => await connection.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()") == 0, what: "the host's sessions closed");
        Assert.Equal(0L, await connection.ExecuteScalarAsync<long>("SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()"));
    }

    [Fact]
    public async Task Copies_of_one_message_that_arrive_together_are_applied_once()
    {
        var bus = await infra.CreateEventBusAsync();
        await using var host = await MessagingHost.StartAsync(await infra.CreateDatabaseAsync(), bus);
        var messages = Enumerable.Range(0, 60).Select(i => new Tallied(Guid.CreateVersion7(), DateTimeOffset.UtcNow, Guid.CreateVersion7(), $"copies-{i}")).ToList();
        // Each message three times in a row, published side by side: copies land in one batch, or in batches running side by side.
        await Task.WhenAll(messages.SelectMany(m => Enumerable.Repeat(m, 3)).Select(m => host.Bus.Publish(m, c => c.MessageId = m.EventId)));

        await Eventually.TrueAsync(async () =>
        {
            await using var c = await host.Db.OpenConnectionAsync();
            return await c.ExecuteScalarAsync<long>("SELECT count(*) FROM tally WHERE key LIKE 'copies-%'") == 60;
        });
        await QueueDrainedAsync(bus, host.ConsumerQueue);
        await using var connection = await host.Db.OpenConnectionAsync();
        Assert.Equal(0L, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM tally WHERE key LIKE 'copies-%' AND times <> 1"));
        Assert.Equal(60L, await connection.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM inbox WHERE message_id = ANY(@ids)", new { ids = messages.Select(m => m.EventId).ToArray() }));
    }

    private async Task QueueDrainedAsync(string bus, string queue)
    {
        using var management = infra.Management();
        var vhost = Uri.UnescapeDataString(new Uri(bus).AbsolutePath.TrimStart('/'));
        // The management API refreshes its counters every few seconds; wait for a settled zero.
        await Eventually.TrueAsync(async () => await management.QueueDepthAsync(vhost, queue) == 0, what: "queue drained");
    }
}
