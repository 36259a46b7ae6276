using KaPlatform.Testing;
using MassTransit;

namespace KaPlatform.Messaging.Tests;

/// <summary>
/// The consumer's database goes away for real while a message arrives: its sessions are ended and new ones refused
/// for longer than the consumer's short retries last. The message is not sent to the error queue (where it would wait
/// for an operator): it is applied once, as soon as the database is back.
/// </summary>
public sealed class DatabaseOutageTests(InfrastructureFixture infra)
{
    [Fact]
    public async Task A_message_that_arrives_while_the_database_is_down_is_applied_once_when_it_is_back()
    {
        var bus = await infra.CreateEventBusAsync();
        var database = await infra.CreateDatabaseAsync();
        await using var host = await MessagingHost.StartAsync(database, bus);
        await host.WriteAsync("before-outage");
        await Eventually.TrueAsync(async () => await host.TimesAppliedAsync("before-outage") == 1);

        await using (await DatabaseOutage.BeginAsync(infra.PostgresAdmin, database))
        {
            // Straight to the broker: the outbox cannot be written while the database is down.
            await host.Bus.Publish(new Tallied(Guid.CreateVersion7(), DateTimeOffset.UtcNow, Guid.CreateVersion7(), "during-outage"));
            // The outage outlasts the short retries (20 ms, 20 ms) many times over; they alone ended in the error queue.
            await Task.Delay(TimeSpan.FromSeconds(3));
        }

        await Eventually.TrueAsync(async () => await host.TimesAppliedAsync("during-outage") == 1, what: "the message applied after the outage");
        using var management = infra.Management();
        var vhost = Uri.UnescapeDataString(new Uri(bus).AbsolutePath.TrimStart('/'));
        Assert.True(await management.QueueDepthAsync(vhost, host.ConsumerQueue + "_error") is null or 0, "nothing in the error queue");
        Assert.Equal(1, await host.TimesAppliedAsync("during-outage"));
    }

    [Fact]
    public async Task A_burst_that_arrives_while_the_database_is_down_is_applied_once_each_when_it_is_back()
    {
        var bus = await infra.CreateEventBusAsync();
        var database = await infra.CreateDatabaseAsync();
        await using var host = await MessagingHost.StartAsync(database, bus);
        await host.WriteAsync("before-burst");
        await Eventually.TrueAsync(async () => await host.TimesAppliedAsync("before-burst") == 1);

        var burst = Enumerable.Range(0, 100).Select(i => new Tallied(Guid.CreateVersion7(), DateTimeOffset.UtcNow, Guid.CreateVersion7(), $"burst-outage-{i}")).ToList();
        await using (await DatabaseOutage.BeginAsync(infra.PostgresAdmin, database))
        {
            // Batches form from what is in flight and fail together: each message then waits the outage out in its own call.
            await Task.WhenAll(burst.Select(m => host.Bus.Publish(m, c => c.MessageId = m.EventId)));
            await Task.Delay(TimeSpan.FromSeconds(3));
        }

        await Eventually.TrueAsync(async () =>
        {
            var times = await Task.WhenAll(burst.Select(m => host.TimesAppliedAsync(m.Key)));
            return times.All(t => t >= 1);
        }, what: "every message of the burst applied after the outage");
        using var management = infra.Management();
        var vhost = Uri.UnescapeDataString(new Uri(bus).AbsolutePath.TrimStart('/'));
        Assert.True(await management.QueueDepthAsync(vhost, host.ConsumerQueue + "_error") is null or 0, "nothing in the error queue");
        Assert.All(await Task.WhenAll(burst.Select(m => host.TimesAppliedAsync(m.Key))), t => Assert.Equal(1, t));
    }
}
