using System.Diagnostics;
using System.Threading.Channels;
using Dapper;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace KaPlatform.Messaging.Inbox;

/// <summary>What became of a message handed to an <see cref="InboxBatcher"/>.</summary>
internal enum BatchOutcome
{
    Applied,
    Duplicate,

    /// <summary>Not applied: the message failed in a transaction of its own (after its batch rolled back), or the
    /// batcher is stopping. Its consumer call applies it alone, with the database patience and MassTransit's retries.</summary>
    Failed,
}

/// <summary>
/// Group commit for one consumer: the messages that arrive while its transactions are busy share the next one, with
/// one inbox claim for all of them and one commit (issue 18: at 200 wins/s every consumer transaction paid its claim,
/// its commit and a pooled connection for one message; docs/events.md "Consumers apply in batches"). A message that
/// arrives at an idle consumer goes at once, alone: nothing waits for a batch to fill. Each message keeps its own
/// delivery, retries and error queue in MassTransit: a batch that fails is applied again one message per transaction,
/// so the one that cannot be applied fails on its own and the others are applied once.
/// </summary>
internal sealed class InboxBatcher : IAsyncDisposable
{
    // As in the one-message claim: generic plans for the rest of the transaction, one round trip. RETURNING tells
    // which of the batch's ids are new; a redelivered one is already in the inbox and is skipped.
    private const string Claim = """
        SET LOCAL plan_cache_mode = auto;
        INSERT INTO inbox (message_id, consumer) SELECT unnest(@MessageIds), @Consumer ON CONFLICT DO NOTHING RETURNING message_id
        """;

    private readonly Channel<Pending> queue = Channel.CreateUnbounded<Pending>();
    private readonly CancellationTokenSource stopping = new();
    private readonly NpgsqlDataSource dataSource;
    private readonly string consumer;
    private readonly int limit;
    private readonly ILogger logger;
    private readonly Task[] workers;

    public InboxBatcher(NpgsqlDataSource dataSource, string consumer, int limit, int workers, ILogger logger)
    {
        this.dataSource = dataSource;
        this.consumer = consumer;
        this.limit = limit;
        this.logger = logger;
        // The workers outlive the message whose arrival created them: they must not carry its trace or its scope.
        using (ExecutionContext.SuppressFlow())
        {
            this.workers = Enumerable.Range(0, workers).Select(_ => Task.Run(RunAsync)).ToArray();
        }
    }

    /// <summary>Queues <paramref name="apply"/> for the next shared transaction; the task ends when that transaction has.</summary>
    /// <param name="accountId">The account the message concerns (Guid.Empty when none): a batch applies its messages in
    /// account order.</param>
    public Task<BatchOutcome> SubmitAsync(Guid messageId, Guid accountId, Func<UnitOfWork, CancellationToken, Task> apply)
    {
        var pending = new Pending(messageId, accountId, Activity.Current, apply);
        return queue.Writer.TryWrite(pending) ? pending.Done.Task : Task.FromResult(BatchOutcome.Failed);
    }

    private async Task RunAsync()
    {
        var batch = new List<Pending>(limit);
        try
        {
            while (await queue.Reader.WaitToReadAsync(stopping.Token))
            {
                while (batch.Count < limit && queue.Reader.TryRead(out var pending))
                {
                    batch.Add(pending);
                }

                // Both workers wake for one arrival; the one that finds the queue emptied by the other waits again.
                if (batch.Count == 0)
                {
                    continue;
                }

                InAccountOrder(batch);
                await ApplyAsync(batch);
                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Disposed: the batch in hand is handed back below, what is still queued by DisposeAsync.
        }

        foreach (var pending in batch)
        {
            pending.Done.TrySetResult(BatchOutcome.Failed);
        }
    }

    /// <summary>
    /// The handlers lock per account (the health score, the renewal's meeting, the directory's arrival), and a batch
    /// holds every lock its messages took until it commits. Two batches taking two accounts' locks in opposite orders
    /// deadlocked, and PostgreSQL broke the tie after deadlock_timeout (1 s) by rolling one back, which was then applied
    /// again message by message (7 in one morning of the test suite). In account order — the order the daily scan takes
    /// the health locks in, since Guid and uuid compare the same way — no two transactions wait on each other's
    /// accounts. Stable (an insertion sort of a few dozen): one account's messages keep the order they arrived in.
    /// </summary>
    private static void InAccountOrder(List<Pending> batch)
    {
        for (var i = 1; i < batch.Count; i++)
        {
            var pending = batch[i];
            var j = i - 1;
            for (; j >= 0 && batch[j].AccountId.CompareTo(pending.AccountId) > 0; j--)
            {
                batch[j + 1] = batch[j];
            }

            batch[j + 1] = pending;
        }
    }

    private async Task ApplyAsync(List<Pending> batch)
    {
        var outcomes = new BatchOutcome[batch.Count];
        var failure = await TryApplyAsync(batch, 0, batch.Count, outcomes);
        if (failure is not null && batch.Count > 1)
        {
            // Not swallowed: each message is applied again alone, here one after another (so a rolled-back batch does
            // not take a connection per message); one that fails alone too goes back to its consumer call, where the
            // failure surfaces to the database patience, MassTransit's retries and the error queue.
            InboxBatchLog.BatchRolledBack(logger, failure, consumer, batch.Count);
            MessagingMetrics.BatchFallbacks.Add(batch.Count, new KeyValuePair<string, object?>("consumer", consumer));
            // A database that is failing (a restart, a failover, a lost network) would fail each message again, one
            // connection timeout at a time: then the rest go straight back to their consumer calls, which wait it out.
            for (var i = 0; i < batch.Count && !IsTransient(failure); i++)
            {
                failure = await TryApplyAsync(batch, i, 1, outcomes);
            }
        }

        MessagingMetrics.BatchSize.Record(batch.Count, new KeyValuePair<string, object?>("consumer", consumer));
        for (var i = 0; i < batch.Count; i++)
        {
            batch[i].Done.TrySetResult(outcomes[i]);
        }
    }

    private static bool IsTransient(Exception? failure) => failure is NpgsqlException { IsTransient: true };

    /// <summary>Messages [start, start + count) in one transaction; null when it committed, else why it rolled back
    /// (their outcomes are then <see cref="BatchOutcome.Failed"/>). A commit whose outcome is unknown counts as rolled
    /// back: the inbox recognises whatever it did apply.</summary>
    private async Task<Exception?> TryApplyAsync(List<Pending> batch, int start, int count, BatchOutcome[] outcomes)
    {
        try
        {
            // The claim and the commit are traced under the first message; each handler under its own.
            Activity.Current = batch[start].Activity;
            await using var work = await UnitOfWork.BeginAsync(dataSource, stopping.Token);
            var ids = new Guid[count];
            for (var i = 0; i < count; i++)
            {
                ids[i] = batch[start + i].MessageId;
            }

            var claimed = new HashSet<Guid>(await work.Connection.QueryAsync<Guid>(new CommandDefinition(
                Claim, new { MessageIds = ids, Consumer = consumer }, work.Transaction, cancellationToken: stopping.Token)));
            for (var i = start; i < start + count; i++)
            {
                // Remove: the same id twice in one batch (a redelivery overtaking its original) is applied once.
                if (!claimed.Remove(batch[i].MessageId))
                {
                    outcomes[i] = BatchOutcome.Duplicate;
                    continue;
                }

                Activity.Current = batch[i].Activity;
                await batch[i].Apply(work, stopping.Token);
                outcomes[i] = BatchOutcome.Applied;
            }

            Activity.Current = batch[start].Activity;
            await work.CommitAsync(stopping.Token);
            return null;
        }
        catch (Exception e)
        {
            Array.Fill(outcomes, BatchOutcome.Failed, start, count);
            return e;
        }
        finally
        {
            Activity.Current = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        queue.Writer.TryComplete();
        await stopping.CancelAsync();
        await Task.WhenAll(workers);
        while (queue.Reader.TryRead(out var pending))
        {
            pending.Done.TrySetResult(BatchOutcome.Failed);
        }

        stopping.Dispose();
    }

    private sealed record Pending(Guid MessageId, Guid AccountId, Activity? Activity, Func<UnitOfWork, CancellationToken, Task> Apply)
    {
        // Asynchronous continuations: a completed message's consumer must not run on the worker's thread.
        public TaskCompletionSource<BatchOutcome> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

internal static partial class InboxBatchLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "{Consumer}: a batch of {Count} rolled back; each of its messages is applied alone")]
    public static partial void BatchRolledBack(ILogger logger, Exception exception, string consumer, int count);
}
