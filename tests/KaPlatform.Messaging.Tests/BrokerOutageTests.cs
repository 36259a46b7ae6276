using KaPlatform.LocalInfra;
using KaPlatform.Testing;

namespace KaPlatform.Messaging.Tests;

/// <summary>A broker of its own: stopping the shared one would break every other test running at the same time.</summary>
public sealed class PrivateBrokerFixture : IAsyncLifetime
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "ka-broker-" + Guid.NewGuid().ToString("N")[..8]);

    public RabbitMqServer Server { get; private set; } = null!;

    public async ValueTask InitializeAsync() =>
        Server = await RabbitMqServer.StartAsync(root, FreePort.Next(), FreePort.Next(), FreePort.Next(), FreePort.Next());

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        Directory.Delete(root, recursive: true);
    }
}

public sealed class BrokerOutageTests(InfrastructureFixture infra, PrivateBrokerFixture broker) : IClassFixture<PrivateBrokerFixture>
{
    [Fact]
    public async Task Changes_written_while_the_broker_is_down_all_arrive_once_it_is_back()
    {
        await using var host = await MessagingHost.StartAsync(await infra.CreateDatabaseAsync(), broker.Server.ConnectionString());
        await host.WriteAsync("before-outage");
        await Eventually.TrueAsync(async () => await host.TimesAppliedAsync("before-outage") == 1);

        await broker.Server.StopAsync();
        const int during = 25;
        for (var i = 0; i < during; i++)
        {
            await host.WriteAsync($"during-{i}"); // the business write must not depend on the broker
        }

        Assert.Equal(during, await host.UnsentAsync());

        await broker.Server.StartAsync();
        for (var i = 0; i < during; i++)
        {
            var key = $"during-{i}";
            await Eventually.TrueAsync(async () => await host.TimesAppliedAsync(key) == 1, TimeSpan.FromSeconds(90), key);
        }

        await Eventually.TrueAsync(async () => await host.UnsentAsync() == 0);
        Assert.Equal(1, await host.TimesAppliedAsync("before-outage"));
    }
}
