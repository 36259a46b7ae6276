using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.ExceptionServices;
using System.Text.Json;
using Dapper;
using KaPlatform.Messaging.Raw;
using KaPlatform.ServiceDefaults;
using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace KaPlatform.Messaging.Outbox;

/// <summary>
/// Moves committed outbox rows to the broker, oldest first, and marks them sent only after the broker confirmed.
/// A crash between the two re-publishes the row later: consumers' inboxes make that harmless.
/// FOR UPDATE SKIP LOCKED lets several instances of a service relay side by side without sending a row twice at once.
/// </summary>
internal sealed partial class OutboxRelay(
    NpgsqlDataSource dataSource,
    IBus bus,
    RawExchangePublisher raw,
    IOptions<OutboxOptions> settings,
    ILogger<OutboxRelay> logger) : BackgroundService
{
    private const string SelectBatch = """
        SELECT id AS Id, message_type AS MessageType, exchange AS Exchange, routing_key AS RoutingKey,
               body::text AS Body, trace_parent AS TraceParent, created_at AS CreatedAt
        FROM outbox WHERE sent_at IS NULL ORDER BY seq LIMIT @BatchSize FOR UPDATE SKIP LOCKED
        """;

    private static readonly ConcurrentDictionary<string, Type> Types = new();
    private readonly OutboxOptions options = settings.Value;
    private DateTime nextCleanup = DateTime.UtcNow.AddMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.RelayEnabled)
        {
            LogDisabled(logger);
            return;
        }

        var signal = new OutboxSignal(dataSource, logger);
        var listening = signal.ListenAsync(stoppingToken);
        var inFlight = new List<Task>();
        var failures = 0;
        var busyUntil = 0L;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await PublishPendingAsync(inFlight, stoppingToken))
                {
                    busyUntil = Environment.TickCount64 + (long)OutboxWakeUps.RelayBusyWindow.TotalMilliseconds;
                }

                failures = 0;
                await CleanupAsync(stoppingToken);
                // Writers leave out the NOTIFY while this relay is likely awake (OutboxWakeUps), so a relay that just
                // found rows polls on its own for a moment instead of waiting for one.
                var busy = Environment.TickCount64 < busyUntil;
                await signal.WaitAsync(busy ? options.BusyPollInterval : options.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                // Broker or database unavailable: the rows stay unsent and are retried with a growing pause.
                failures++;
                MessagingMetrics.PublishFailures.Add(1);
                var pause = TimeSpan.FromMilliseconds(Math.Min(250 * Math.Pow(2, Math.Min(failures, 7)), 15_000));
                LogRelayFailed(logger, ex, pause.TotalMilliseconds);
                await signal.WaitAsync(pause, stoppingToken);
            }
        }

        // Batches cut short by the stop roll back: their rows are published again after the restart.
        await Task.WhenAll(inFlight).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await listening;
    }

    /// <summary>
    /// Claims batches until the outbox is empty, each published while the next is claimed: a batch keeps its rows locked
    /// until it commits, so SKIP LOCKED hands the next claim the rows after it. Waiting for each batch's confirms and
    /// commit before claiming the next capped the relay below 200 messages/s on a loaded 2-core machine (issue 18).
    /// A row is still marked sent only by the batch that saw its confirm. True when any rows were claimed.
    /// </summary>
    private async Task<bool> PublishPendingAsync(List<Task> inFlight, CancellationToken cancellationToken)
    {
        var found = false;
        while (true)
        {
            await ReapAsync(inFlight, wait: inFlight.Count >= Math.Max(1, options.MaxBatchesInFlight));
            var batch = await ClaimAsync(cancellationToken);
            if (batch is null)
            {
                return found;
            }

            found = true;
            inFlight.Add(PublishBatchAsync(batch, cancellationToken));
            if (batch.Rows.Count < options.BatchSize)
            {
                return found;
            }
        }
    }

    /// <summary>Forgets finished batches; a failed one rethrows here so the loop pauses before claiming its rows again.</summary>
    private static async Task ReapAsync(List<Task> inFlight, bool wait)
    {
        if (wait)
        {
            await Task.WhenAny(inFlight);
        }

        var finished = inFlight.Where(t => t.IsCompleted).ToList();
        inFlight.RemoveAll(t => t.IsCompleted);
        foreach (var task in finished)
        {
            await task;
        }
    }

    private async Task<Batch?> ClaimAsync(CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            var tx = await connection.BeginTransactionAsync(cancellationToken);
            var rows = (await connection.QueryAsync<Row>(SelectBatch, new { options.BatchSize }, tx)).AsList();
            if (rows.Count > 0)
            {
                return new Batch(connection, tx, rows);
            }

            await tx.DisposeAsync();
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }

        await connection.DisposeAsync();
        return null;
    }

    private async Task PublishBatchAsync(Batch batch, CancellationToken cancellationToken)
    {
        await using var _ = batch;
        var (connection, tx, rows) = batch;

        // The whole batch is in flight at once: waiting for each confirm before the next publish caps a relay at a
        // few dozen messages per second on a durable broker. Publishes start in outbox order; only the waits overlap
        // (consumers must not rely on strict order anyway: a retried or re-published message arrives late).
        var outcomes = await Task.WhenAll(rows.Select(row => TryPublishAsync(row, cancellationToken)));
        var sent = outcomes.Where(o => o.Error is null).Select(o => o.Row.Id).ToArray();
        var failed = outcomes.Where(o => o.Error is not null).ToList();
        foreach (var (row, error) in failed)
        {
            await connection.ExecuteAsync(
                "UPDATE outbox SET attempts = attempts + 1, last_error = @Error WHERE id = @Id",
                new { row.Id, Error = error!.Message }, tx);
        }

        // What reached the broker is recorded even when the rest of the batch failed or the host is stopping.
        await connection.ExecuteAsync(
            "UPDATE outbox SET sent_at = clock_timestamp(), attempts = attempts + 1 WHERE id = ANY(@Ids)",
            new { Ids = sent }, tx);
        await tx.CommitAsync(CancellationToken.None);
        if (failed.Count > 0)
        {
            ExceptionDispatchInfo.Capture(failed[0].Error!).Throw();
        }
    }

    private async Task<(Row Row, Exception? Error)> TryPublishAsync(Row row, CancellationToken cancellationToken)
    {
        try
        {
            await PublishAsync(row, cancellationToken);
            MessagingMetrics.Published.Add(1, new KeyValuePair<string, object?>("type", ShortName(row)));
            MessagingMetrics.Lag.Record((DateTime.UtcNow - row.CreatedAt.ToUniversalTime()).TotalMilliseconds);
            return (row, null);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            return (row, ex);
        }
    }

    private async Task PublishAsync(Row row, CancellationToken cancellationToken)
    {
        ActivityContext.TryParse(row.TraceParent, null, out var parent);
        using var activity = MessagingMetrics.Source.StartActivity($"outbox publish {ShortName(row)}", ActivityKind.Producer, parent);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.PublishTimeout);

        if (row.Exchange is null)
        {
            var type = Types.GetOrAdd(row.MessageType, name => Type.GetType(name, throwOnError: true)!);
            var message = JsonSerializer.Deserialize(row.Body, type, Json.Options)!;
            await bus.Publish(message, type, Pipe.Execute<PublishContext>(c => c.MessageId = row.Id), timeout.Token);
        }
        else
        {
            await raw.PublishAsync(row.Exchange, row.RoutingKey ?? "", row.Id, row.Body, timeout.Token);
        }
    }

    private async Task CleanupAsync(CancellationToken cancellationToken)
    {
        if (DateTime.UtcNow < nextCleanup)
        {
            return;
        }

        nextCleanup = DateTime.UtcNow.AddHours(1);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var cutoff = DateTime.UtcNow - options.Retention;
        await connection.ExecuteAsync("DELETE FROM outbox WHERE sent_at < @cutoff", new { cutoff });
        await connection.ExecuteAsync("DELETE FROM inbox WHERE received_at < @cutoff", new { cutoff = cutoff - options.Retention });
    }

    private static string ShortName(Row row) => row.Exchange is null ? row.MessageType.Split(',')[0].Split('.')[^1] : row.MessageType;

    /// <summary>Claimed rows with the transaction that holds their locks until they are marked sent.</summary>
    private sealed record Batch(NpgsqlConnection Connection, NpgsqlTransaction Transaction, List<Row> Rows) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Transaction.DisposeAsync();
            await Connection.DisposeAsync();
        }
    }

    private sealed record Row(Guid Id, string MessageType, string? Exchange, string? RoutingKey, string Body, string? TraceParent, DateTime CreatedAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox relay disabled by configuration (Messaging:Outbox:RelayEnabled=false)")]
    private static partial void LogDisabled(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox relay could not publish; retrying in {PauseMs} ms")]
    private static partial void LogRelayFailed(ILogger logger, Exception exception, double pauseMs);
}
