using Dapper;
using KaPlatform.ServiceDefaults.Data;
using KaPlatform.ServiceDefaults.Hosting;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace KaPlatform.Messaging.Tests;

/// <summary>A minimal process using the building block exactly as a service does: its own database, outbox, relay and inbox consumer.</summary>
public sealed class MessagingHost : IAsyncDisposable
{
    private readonly IHost host;

    private MessagingHost(IHost host, string queuePrefix)
    {
        this.host = host;
        QueuePrefix = queuePrefix;
    }

    public string QueuePrefix { get; }
    public NpgsqlDataSource Db => host.Services.GetRequiredService<NpgsqlDataSource>();
    public IBus Bus => host.Services.GetRequiredService<IBus>();

    /// <summary>What a service's idle trim reads (ServiceDefaults registers it; here it is registered alone).</summary>
    public ServedCount Served => host.Services.GetRequiredService<ServedCount>();
    public string ConsumerQueue => $"{QueuePrefix}-{ConsumerNameAttribute.Of(typeof(TallyConsumer))}";

    public static async Task<MessagingHost> StartAsync(string database, string eventBus, bool relay = true, string? queuePrefix = null)
    {
        var prefix = queuePrefix ?? "t" + Guid.NewGuid().ToString("N")[..6];
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:testdb"] = database,
            ["ConnectionStrings:eventbus"] = eventBus,
            ["Messaging:RetryIntervalsMs"] = "20,20",
            // A database outage is waited out in pauses of at most 200 ms for up to a minute (production: 30 s, 15 minutes).
            ["Messaging:DatabaseOutageLongestPauseMs"] = "200",
            ["Messaging:DatabaseOutageToleranceSeconds"] = "60",
            ["Messaging:Outbox:RelayEnabled"] = relay.ToString(),
            ["Messaging:Outbox:PollInterval"] = "00:00:01",
        });
        builder.AddKaDatabase("testdb", typeof(MessagingHost).Assembly);
        builder.Services.AddSingleton<ServedCount>();
        builder.AddKaMessaging(prefix, bus => bus.AddConsumer<TallyConsumer>());
        // The consumer's queue must be bound before the first publish, or that event has nowhere to go; services
        // get the same guarantee from waiting on /health, which includes the bus.
        builder.Services.Configure<MassTransitHostOptions>(o => o.WaitUntilStarted = true);
        var host = builder.Build();
        await host.StartAsync();
        return new MessagingHost(host, prefix);
    }

    /// <summary>A business change and the event announcing it, in one transaction — committed or not.</summary>
    public async Task<Tallied> WriteAsync(string key, bool commit = true)
    {
        var @event = new Tallied(Guid.CreateVersion7(), DateTimeOffset.UtcNow, Guid.CreateVersion7(), key);
        await using var work = await UnitOfWork.BeginAsync(Db, CancellationToken.None);
        await work.Connection.ExecuteAsync("INSERT INTO change_log (key) VALUES (@key)", new { key }, work.Transaction);
        await work.PublishAsync(@event);
        if (commit)
        {
            await work.CommitAsync();
        }

        return @event;
    }

    /// <summary>Many changes and their events in one transaction: the relay hands them to the broker in one burst.</summary>
    public Task<IReadOnlyList<Tallied>> WriteManyAsync(IEnumerable<string> keys) =>
        WriteManyAsync(keys.Select(key => (key, Guid.CreateVersion7())));

    /// <summary>The same, each event naming the account given with its key.</summary>
    public async Task<IReadOnlyList<Tallied>> WriteManyAsync(IEnumerable<(string Key, Guid AccountId)> keys)
    {
        var events = keys.Select(k => new Tallied(Guid.CreateVersion7(), DateTimeOffset.UtcNow, k.AccountId, k.Key)).ToList();
        await using var work = await UnitOfWork.BeginAsync(Db, CancellationToken.None);
        await work.Connection.ExecuteAsync("INSERT INTO change_log (key) SELECT unnest(@keys)", new { keys = events.Select(e => e.Key).ToArray() }, work.Transaction);
        await work.PublishManyAsync(events);
        await work.CommitAsync();
        return events;
    }

    public async Task<int> TimesAppliedAsync(string key)
    {
        await using var connection = await Db.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<int?>("SELECT times FROM tally WHERE key = @key", new { key }) ?? 0;
    }

    public async Task<long> UnsentAsync()
    {
        await using var connection = await Db.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM outbox WHERE sent_at IS NULL");
    }

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync();
        host.Dispose();
    }
}
