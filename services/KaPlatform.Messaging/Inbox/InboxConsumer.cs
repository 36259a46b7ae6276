using Dapper;
using KaPlatform.Messaging.Contracts;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace KaPlatform.Messaging.Inbox;

/// <summary>
/// Base for every consumer: records the message id in the inbox and applies the change in one transaction, so a
/// redelivered message (at-least-once delivery, a re-published outbox row) changes nothing the second time.
/// Events the handler publishes go into the same transaction's outbox. Messages that arrive while the consumer is busy
/// share a transaction (<see cref="InboxBatcher"/>); one that fails there, or on a retry, is applied alone.
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
        var tag = new KeyValuePair<string, object?>("consumer", GetType().Name);
        // A retried message goes alone at once: it failed before, and in a batch it would roll its neighbours back again.
        if (context.GetRetryAttempt() == 0 && BatcherOf(context) is { } batcher)
        {
            var accountId = (context.Message as IIntegrationEvent)?.AccountId ?? Guid.Empty;
            switch (await batcher.SubmitAsync(messageId, accountId, (work, token) => HandleAsync(context.Message, work, token)).WaitAsync(context.CancellationToken))
            {
                case BatchOutcome.Applied:
                    MessagingMetrics.Consumed.Add(1, tag);
                    return;
                case BatchOutcome.Duplicate:
                    MessagingMetrics.Duplicates.Add(1, tag);
                    return;
            }
        }

        // Looked up on the first failure only: a consumer that succeeds (nearly every message) pays nothing for it.
        IServiceProvider? services = null;
        DatabaseOutagePatience? patience = null;
        var waited = TimeSpan.Zero;
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await ConsumeOnceAsync(context, messageId, consumer, tag);
                return;
            }
            catch (NpgsqlException e) when (e.IsTransient && !context.CancellationToken.IsCancellationRequested
                && (patience ??= PatienceOf(context, out services)).Pause(attempt, waited) is { } pause)
            {
                // The database is down or pushed back (a restart, a failover, a deadlock): nothing was applied, the inbox
                // row included, so trying again is safe; the short retries would end in the error queue within seconds.
                MessagingMetrics.DatabaseWaits.Add(1, new KeyValuePair<string, object?>("consumer", GetType().Name));
                if (services?.GetService<ILoggerFactory>() is { } loggers)
                {
                    InboxLog.WaitingForDatabase(loggers.CreateLogger<InboxConsumer<T>>(), e, consumer, pause.TotalMilliseconds, attempt + 1);
                }

                await Task.Delay(pause, context.CancellationToken);
                waited += pause;
            }
        }
    }

    private InboxBatcher? BatcherOf(ConsumeContext context) =>
        context.TryGetPayload(out IServiceProvider? provider) ? provider.GetService<InboxBatching>()?.For(GetType(), dataSource) : null;

    private static DatabaseOutagePatience PatienceOf(ConsumeContext context, out IServiceProvider? services)
    {
        services = context.TryGetPayload(out IServiceProvider? provider) ? provider : null;
        return services?.GetService<DatabaseOutagePatience>() ?? DatabaseOutagePatience.Default;
    }

    private async Task ConsumeOnceAsync(ConsumeContext<T> context, Guid messageId, string consumer, KeyValuePair<string, object?> tag)
    {
        await using var work = await UnitOfWork.BeginAsync(dataSource, context.CancellationToken);
        var claimed = await work.Connection.ExecuteAsync(new CommandDefinition(
            Claim, new { MessageId = messageId, Consumer = consumer }, work.Transaction, cancellationToken: context.CancellationToken));
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

internal static partial class InboxLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "{Consumer} waits {PauseMs} ms for its database (attempt {Attempt})")]
    public static partial void WaitingForDatabase(ILogger logger, Exception exception, string consumer, double pauseMs, int attempt);
}
