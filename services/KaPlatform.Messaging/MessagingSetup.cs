using KaPlatform.Messaging.Inbox;
using KaPlatform.Messaging.Outbox;
using KaPlatform.Messaging.Raw;
using KaPlatform.ServiceDefaults.Data;
using KaPlatform.ServiceDefaults.EventBus;
using KaPlatform.ServiceDefaults.Hosting;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace KaPlatform.Messaging;

public static class MessagingSetup
{
    /// <summary>
    /// MassTransit on RabbitMQ from ConnectionStrings:eventbus, the outbox/inbox tables, the relay, and the raw
    /// JSON publisher. <paramref name="queuePrefix"/> keeps each service's queues apart on a shared broker.
    /// </summary>
    public static IHostApplicationBuilder AddKaMessaging(
        this IHostApplicationBuilder builder, string queuePrefix, Action<IBusRegistrationConfigurator>? configureConsumers = null)
    {
        var address = BusAddress.Parse(builder.Configuration.GetConnectionString("eventbus")
            ?? throw new InvalidOperationException("ConnectionStrings:eventbus is not configured."));

        builder.Services.AddSingleton(address);
        builder.Services.AddMigrations(typeof(MessagingSetup).Assembly);
        builder.Services.AddOptions<OutboxOptions>().BindConfiguration("Messaging:Outbox");
        builder.Services.AddSingleton<RawExchangePublisher>();
        builder.Services.AddHostedService<OutboxRelay>();
        builder.Services.AddSingleton(DatabaseOutagePatience.From(builder.Configuration));
        builder.Services.AddSingleton<InboxBatching>();

        builder.Services.AddMassTransit(x =>
        {
            x.DisableUsageTelemetry();
            x.SetEndpointNameFormatter(new StableEndpointNameFormatter(queuePrefix));
            // Retry in place with growing pauses (the message stays unacknowledged with the broker, so a crash
            // hands it back); after the last try it goes to <queue>_error with the exception in its headers.
            var retries = RetryIntervals(builder.Configuration["Messaging:RetryIntervalsMs"]);
            // Quorum queues are replicated across a RabbitMQ cluster (docs/deployment.md); a single broker keeps
            // classic ones. An existing classic queue cannot change type, so this is for a new broker or vhost.
            var quorumQueues = builder.Configuration.GetValue<bool>("Messaging:QuorumQueues");
            x.AddConfigureEndpointsCallback((_, name, endpoint) =>
            {
                endpoint.UseMessageRetry(r => r.Intervals(retries));
                ConsumerConcurrency.Apply(builder.Configuration, name, endpoint);
                if (quorumQueues && endpoint is IRabbitMqReceiveEndpointConfigurator rabbit)
                {
                    rabbit.SetQuorumQueue();
                }
            });
            configureConsumers?.Invoke(x);
            x.UsingRabbitMq((context, cfg) =>
            {
                if (context.GetService<ServedCount>() is { } served)
                {
                    cfg.ConnectConsumeObserver(new ServedMessages(served));
                }

                cfg.Host(address.Host, (ushort)address.Port, address.VirtualHost, h =>
                {
                    h.Username(address.UserName);
                    h.Password(address.Password);
                });
                cfg.ConfigureEndpoints(context);
            });
        });
        return builder;
    }

    private static TimeSpan[] RetryIntervals(string? configured) =>
        (configured ?? "100,500,2000,5000,15000").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(ms => TimeSpan.FromMilliseconds(int.Parse(ms, System.Globalization.CultureInfo.InvariantCulture))).ToArray();
}
