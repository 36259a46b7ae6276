using System.Diagnostics;
using Dapper;

namespace KaPlatform.Messaging.Outbox;

internal static class OutboxWriter
{
    /// <summary>Channel the relay LISTENs on. NOTIFY is only delivered when the transaction commits: a free wake-up after commit.</summary>
    public const string Channel = "ka_outbox";

    private const string Sql = $"""
        INSERT INTO outbox (id, message_type, exchange, routing_key, body, trace_parent)
        VALUES (@Id, @MessageType, @Exchange, @RoutingKey, @Body::jsonb, @TraceParent);
        SELECT pg_notify('{Channel}', '');
        """;

    public static Task WriteAsync(UnitOfWork work, OutboxMessage message, CancellationToken cancellationToken) =>
        work.Connection.ExecuteAsync(new CommandDefinition(
            Sql,
            new { message.Id, message.MessageType, message.Exchange, message.RoutingKey, message.Body, TraceParent = Activity.Current?.Id },
            work.Transaction,
            cancellationToken: cancellationToken));
}
