using System.Diagnostics;
using System.Text;
using KaPlatform.ServiceDefaults.EventBus;
using RabbitMQ.Client;

namespace KaPlatform.Messaging.Raw;

/// <summary>
/// Publishes plain JSON bodies (no MassTransit envelope) to durable topic exchanges, for consumers that are not
/// .NET — the ERP. Waits for the broker's publisher confirm, so the relay only marks a row sent once it is safe.
/// </summary>
public sealed class RawExchangePublisher(BusAddress address) : IAsyncDisposable
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly HashSet<string> declared = new(StringComparer.Ordinal);
    private IConnection? connection;
    private IChannel? channel;

    public async Task PublishAsync(string exchange, string routingKey, Guid messageId, string json, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            var ch = await EnsureChannelAsync(cancellationToken);
            if (!declared.Contains(exchange))
            {
                await ch.ExchangeDeclareAsync(exchange, ExchangeType.Topic, durable: true, autoDelete: false, cancellationToken: cancellationToken);
                declared.Add(exchange);
            }

            var properties = new BasicProperties
            {
                MessageId = messageId.ToString(),
                ContentType = "application/json",
                ContentEncoding = "utf-8",
                DeliveryMode = DeliveryModes.Persistent,
                Type = routingKey,
                Timestamp = new AmqpTimestamp(DateTimeOffset.UtcNow.ToUnixTimeSeconds()),
                Headers = Activity.Current is { } activity ? new Dictionary<string, object?> { ["traceparent"] = activity.Id } : null,
            };
            await ch.BasicPublishAsync(exchange, routingKey, mandatory: false, properties, Encoding.UTF8.GetBytes(json), cancellationToken);
        }
        catch
        {
            // A failed publish may leave the channel closed; start afresh next time.
            await ResetAsync();
            throw;
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<IChannel> EnsureChannelAsync(CancellationToken cancellationToken)
    {
        if (channel is { IsOpen: true })
        {
            return channel;
        }

        await ResetAsync();
        var factory = address.CreateConnectionFactory("kaplatform-raw-publisher");
        connection = await factory.CreateConnectionAsync(cancellationToken);
        channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true),
            cancellationToken);
        return channel;
    }

    private async Task ResetAsync()
    {
        declared.Clear();
        if (channel is not null)
        {
            await channel.DisposeAsync();
            channel = null;
        }

        if (connection is not null)
        {
            await connection.DisposeAsync();
            connection = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await ResetAsync();
        gate.Dispose();
    }
}
