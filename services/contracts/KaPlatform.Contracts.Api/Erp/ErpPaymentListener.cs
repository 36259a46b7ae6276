using System.Text;
using KaPlatform.Messaging;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.ServiceDefaults.EventBus;
using Npgsql;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace KaPlatform.Contracts.Api.Erp;

/// <summary>
/// Raw JSON from the ERP on ka.erp.inbound.payments (docs/product.md §3.5), read with RabbitMQ.Client directly: the ERP sends no
/// MassTransit envelope. Manual acks: a payment is acknowledged only after its transaction committed. A message that
/// is malformed, of an unknown type or refused by a business rule moves to ka.erp.inbound.payments.error with an
/// x-error-reason header and is acknowledged, so it never blocks the queue. When the database is away the message
/// goes back to the queue after a pause.
/// </summary>
internal sealed partial class ErpPaymentListener(BusAddress address, NpgsqlDataSource db, ILogger<ErpPaymentListener> logger) : BackgroundService
{
    /// <summary>The ERP in the audit trail: payments it posted, applied with a finance clerk's rights.</summary>
    public static readonly Caller Erp = Caller.System("erp", Roles.Finance);

    public const string Queue = "ka.erp.inbound.payments";
    public const string ErrorQueue = Queue + ".error";
    public const string ReasonHeader = "x-error-reason";
    private static readonly TimeSpan RetryPause = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ListenAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogConnectionLost(logger, ex);
                await Task.Delay(TimeSpan.FromSeconds(5), stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private async Task ListenAsync(CancellationToken stoppingToken)
    {
        // No automatic recovery: the loop above reconnects and re-declares.
        var factory = address.CreateConnectionFactory("contracts-erp-inbound");
        await using var connection = await factory.CreateConnectionAsync(stoppingToken);
        await using var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), stoppingToken);
        await channel.QueueDeclareAsync(Queue, durable: true, exclusive: false, autoDelete: false, cancellationToken: stoppingToken);
        await channel.QueueDeclareAsync(ErrorQueue, durable: true, exclusive: false, autoDelete: false, cancellationToken: stoppingToken);
        await channel.BasicQosAsync(0, 16, false, stoppingToken);

        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.ConnectionShutdownAsync += (_, _) =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += (_, delivery) => HandleAsync(channel, delivery, stoppingToken);
        await channel.BasicConsumeAsync(Queue, autoAck: false, consumer, stoppingToken);
        await closed.Task.WaitAsync(stoppingToken);
    }

    private async Task HandleAsync(IChannel channel, BasicDeliverEventArgs delivery, CancellationToken stoppingToken)
    {
        var body = delivery.Body.ToArray(); // the broker's buffer is only valid during this call
        try
        {
            var (message, reason) = ErpPaymentPosted.Parse(body, delivery.BasicProperties.Type);
            reason ??= await ApplyErpPayment.ApplyAsync(db, message!, stoppingToken);
            if (reason is not null)
            {
                LogRejected(logger, delivery.BasicProperties.MessageId, reason);
                await DeadLetterAsync(channel, delivery, body, reason, stoppingToken);
            }

            await channel.BasicAckAsync(delivery.DeliveryTag, multiple: false, stoppingToken);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException && !stoppingToken.IsCancellationRequested)
        {
            LogDatabaseUnavailable(logger, ex);
            await Task.Delay(RetryPause, stoppingToken);
            await channel.BasicNackAsync(delivery.DeliveryTag, multiple: false, requeue: true, stoppingToken);
        }
        catch (Exception ex) when (ex is not (OperationCanceledException or NpgsqlException or TimeoutException))
        {
            // A bug must not wedge the queue either: park the message with the error for a person to look at.
            await DeadLetterAsync(channel, delivery, body, $"processing_failed: {ex.GetType().Name}: {ex.Message}", stoppingToken);
            await channel.BasicAckAsync(delivery.DeliveryTag, multiple: false, stoppingToken);
        }
    }

    private static async Task DeadLetterAsync(IChannel channel, BasicDeliverEventArgs delivery, byte[] body, string reason, CancellationToken cancellationToken)
    {
        var original = delivery.BasicProperties;
        var properties = new BasicProperties
        {
            MessageId = original.MessageId,
            ContentType = original.ContentType ?? "application/json",
            Type = original.Type,
            DeliveryMode = DeliveryModes.Persistent,
            Headers = new Dictionary<string, object?>(original.Headers ?? new Dictionary<string, object?>())
            {
                [ReasonHeader] = Encoding.UTF8.GetBytes(reason.Length > 1000 ? reason[..1000] : reason),
                ["x-original-queue"] = Encoding.UTF8.GetBytes(Queue),
                ["x-failed-at"] = Encoding.UTF8.GetBytes(DateTimeOffset.UtcNow.ToString("O")),
            },
        };
        await channel.BasicPublishAsync("", ErrorQueue, mandatory: false, properties, body, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "ERP message {MessageId} moved to the error queue: {Reason}")]
    private static partial void LogRejected(ILogger logger, string? messageId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "ERP payment could not be applied (database unavailable); requeued")]
    private static partial void LogDatabaseUnavailable(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "ERP inbound connection lost; reconnecting")]
    private static partial void LogConnectionLost(ILogger logger, Exception exception);
}
