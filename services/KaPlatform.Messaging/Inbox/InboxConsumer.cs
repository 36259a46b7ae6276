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
    // The transaction's first statement lets PostgreSQL keep generic plans for the rest of it. Sessions plan every
    // run of a prepared statement (force_custom_plan, DatabaseSetup: searches and optional filters need it), which
    // in the won pipeline cost more than running the statements: planning the renewals update 0.19 ms against
    // 0.009 ms of execution (docs/benchmarks/2026-12-03.md §8.4). A consumer's statements are keyed by the message
    // (its ids), none of them an optional filter, so a generic plan is as good as a custom one for them.
    private const string Claim = """
        SET LOCAL plan_cache_mode = auto;
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
