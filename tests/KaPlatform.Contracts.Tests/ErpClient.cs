using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace KaPlatform.Contracts.Tests;

/// <summary>What an ERP does, with nothing but an AMQP client: publish raw JSON to the inbound queue, read the
/// outbound exchange through its own queue bound with '#', and peek at the error queue.</summary>
public sealed class ErpClient : IAsyncDisposable
{
    public const string InboundQueue = "ka.erp.inbound.payments";
    public const string ErrorQueue = "ka.erp.inbound.payments.error";
    public const string OutboundExchange = "ka.erp.outbound";

    private readonly IConnection connection;
    private readonly IChannel channel;

    private ErpClient(IConnection connection, IChannel channel)
    {
        this.connection = connection;
        this.channel = channel;
    }

    public ConcurrentQueue<(string RoutingKey, JsonElement Body, IReadOnlyBasicProperties Properties)> Outbound { get; } = new();

    public static async Task<ErpClient> ConnectAsync(string amqpUri)
    {
        var connection = await new ConnectionFactory { Uri = new Uri(amqpUri) }.CreateConnectionAsync();
        var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        var client = new ErpClient(connection, channel);
        await channel.ExchangeDeclareAsync(OutboundExchange, ExchangeType.Topic, durable: true);
        var queue = (await channel.QueueDeclareAsync("erp-test-outbound-" + Guid.NewGuid().ToString("N")[..8], durable: false, exclusive: true, autoDelete: true)).QueueName;
        await channel.QueueBindAsync(queue, OutboundExchange, "#");
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += (_, delivery) =>
        {
            client.Outbound.Enqueue((delivery.RoutingKey, JsonDocument.Parse(delivery.Body).RootElement.Clone(), delivery.BasicProperties));
            return Task.CompletedTask;
        };
        await channel.BasicConsumeAsync(queue, autoAck: true, consumer);
        return client;
    }

    public Task PublishAsync(object body, string? messageId = null, string? type = null) =>
        PublishRawAsync(JsonSerializer.SerializeToUtf8Bytes(body), messageId, type);

    public async Task PublishRawAsync(byte[] body, string? messageId = null, string? type = null) =>
        await channel.BasicPublishAsync("", InboundQueue, mandatory: true,
            new BasicProperties { ContentType = "application/json", DeliveryMode = DeliveryModes.Persistent, MessageId = messageId, Type = type }, body);

    /// <summary>Takes one message off the error queue: its body and x-error-reason, or null when empty.</summary>
    public async Task<(string Body, string Reason)?> NextErrorAsync()
    {
        var result = await channel.BasicGetAsync(ErrorQueue, autoAck: true);
        if (result is null)
        {
            return null;
        }

        var reason = result.BasicProperties.Headers?["x-error-reason"] is byte[] bytes ? Encoding.UTF8.GetString(bytes) : "";
        return (Encoding.UTF8.GetString(result.Body.Span), reason);
    }

    public async ValueTask DisposeAsync()
    {
        await channel.DisposeAsync();
        await connection.DisposeAsync();
    }
}
