using Dapper;
using KaPlatform.Messaging.Contracts;
using MassTransit;
using Npgsql;

namespace KaPlatform.Messaging.Inbox;

/// <summary>
/// Base for every consumer: records the message id in the inbox and applies the change in one transaction, so a
/// redelivered message (at-least-once delivery, a re-published outbox row) changes nothing the second time.
/// Events the handler publishes go into the same transaction's outbox.
/// </summary>
public abstract class InboxConsumer<T>(NpgsqlDataSource dataSource) : IConsumer<T> where T : class
{
    private const string Claim = """
        INSERT INTO inbox (message_id, consumer) VALUES (@MessageId, @Consumer) ON CONFLICT DO NOTHING
        """;

    public async Task Consume(ConsumeContext<T> context)
    {
        var messageId = (context.Message as IIntegrationEvent)?.EventId ?? context.MessageId
            ?? throw new InvalidOperationException($"{typeof(T).Name} arrived without a message id; it cannot be deduplicated.");
        var consumer = ConsumerNameAttribute.Of(GetType());

        await using var work = await UnitOfWork.BeginAsync(dataSource, context.CancellationToken);
        var claimed = await work.Connection.ExecuteAsync(new CommandDefinition(
            Claim, new { MessageId = messageId, Consumer = consumer }, work.Transaction, cancellationToken: context.CancellationToken));
        var tag = new KeyValuePair<string, object?>("consumer", GetType().Name);
        if (claimed == 0)
        {
            MessagingMetrics.Duplicates.Add(1, tag);
            return;
        }

        await HandleAsync(context.Message, work, context.CancellationToken);
        await work.CommitAsync(context.CancellationToken);
        MessagingMetrics.Consumed.Add(1, tag);
    }

    protected abstract Task HandleAsync(T message, UnitOfWork work, CancellationToken cancellationToken);
}
