using Dapper;
using KaPlatform.Testing;
using MassTransit;

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
