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

    private async Task QueueDrainedAsync(string bus, string queue)
    {
        using var management = infra.Management();
        var vhost = Uri.UnescapeDataString(new Uri(bus).AbsolutePath.TrimStart('/'));
        // The management API refreshes its counters every few seconds; wait for a settled zero.
        await Eventually.TrueAsync(async () => await management.QueueDepthAsync(vhost, queue) == 0, what: "queue drained");
    }
}
