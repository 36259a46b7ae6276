using System.Diagnostics;
using Dapper;
using NpgsqlTypes;

namespace KaPlatform.Messaging.Outbox;

internal static class OutboxWriter
{
    /// <summary>Channel the relay LISTENs on. NOTIFY is only delivered when the transaction commits: a wake-up after
    /// commit, sent only when <see cref="OutboxWakeUps.Due"/> (a NOTIFY serialises commits server-wide).</summary>
    public const string Channel = "ka_outbox";

    private const string Notify = $"SELECT pg_notify('{Channel}', '')";

    private const string Insert = """
        INSERT INTO outbox (id, message_type, exchange, routing_key, body, trace_parent)
        VALUES (@Id, @MessageType, @Exchange, @RoutingKey, @Body::jsonb, @TraceParent)
        """;

    private const string InsertAndNotify = Insert + ";\n" + Notify;

    public static Task WriteAsync(UnitOfWork work, OutboxMessage message, CancellationToken cancellationToken) =>
        work.Connection.ExecuteAsync(new CommandDefinition(
            OutboxWakeUps.Due(work.Connection) ? InsertAndNotify : Insert,
            new { message.Id, message.MessageType, message.Exchange, message.RoutingKey, message.Body, TraceParent = Activity.Current?.Id },
            work.Transaction,
            cancellationToken: cancellationToken));

    /// <summary>Many rows in one COPY (bulk imports): same table, same wake-up at commit, COPY-class speed.</summary>
    public static async Task WriteManyAsync(UnitOfWork work, IEnumerable<OutboxMessage> messages, CancellationToken cancellationToken)
    {
        var traceParent = Activity.Current?.Id;
        await using (var copy = await work.Connection.BeginBinaryImportAsync(
            "COPY outbox (id, message_type, exchange, routing_key, body, trace_parent) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            foreach (var message in messages)
            {
                await copy.StartRowAsync(cancellationToken);
                await copy.WriteAsync(message.Id, NpgsqlDbType.Uuid, cancellationToken);
                await copy.WriteAsync(message.MessageType, NpgsqlDbType.Text, cancellationToken);
                await WriteTextAsync(copy, message.Exchange, cancellationToken);
                await WriteTextAsync(copy, message.RoutingKey, cancellationToken);
                await copy.WriteAsync(message.Body, NpgsqlDbType.Jsonb, cancellationToken);
                await WriteTextAsync(copy, traceParent, cancellationToken);
            }

            await copy.CompleteAsync(cancellationToken);
        }

        if (OutboxWakeUps.Due(work.Connection))
        {
            await work.Connection.ExecuteAsync(new CommandDefinition(Notify, transaction: work.Transaction, cancellationToken: cancellationToken));
        }
    }

    private static Task WriteTextAsync(Npgsql.NpgsqlBinaryImporter copy, string? value, CancellationToken cancellationToken) =>
        value is null ? copy.WriteNullAsync(cancellationToken) : copy.WriteAsync(value, NpgsqlDbType.Text, cancellationToken);
}
