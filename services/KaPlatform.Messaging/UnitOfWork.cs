using KaPlatform.Messaging.Contracts;
using KaPlatform.Messaging.Outbox;
using KaPlatform.ServiceDefaults.Audit;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.ServiceDefaults.Http;
using Npgsql;

namespace KaPlatform.Messaging;

/// <summary>
/// One connection, one transaction: the change and the events announcing it commit together or not at all.
/// Disposing without <see cref="CommitAsync"/> rolls everything back, outbox rows included.
/// </summary>
public sealed class UnitOfWork : IAsyncDisposable
{
    private UnitOfWork(NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        Connection = connection;
        Transaction = transaction;
    }

    public NpgsqlConnection Connection { get; }
    public NpgsqlTransaction Transaction { get; }

    /// <summary>The first record this unit audits: what an Idempotency-Key retry is pointed at if the answer was lost.</summary>
    private (string Type, Guid Id)? subject;

    public static async Task<UnitOfWork> BeginAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            return new UnitOfWork(connection, await connection.BeginTransactionAsync(cancellationToken));
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Queues an integration event for the bus (MassTransit envelope, .NET consumers).</summary>
    public Task PublishAsync<T>(T @event, CancellationToken cancellationToken = default) where T : class, IIntegrationEvent =>
        OutboxWriter.WriteAsync(this, OutboxMessage.ForBus(@event), cancellationToken);

    /// <summary>Queues many events with one COPY (bulk imports); same guarantees as <see cref="PublishAsync{T}"/>.</summary>
    public Task PublishManyAsync<T>(IEnumerable<T> events, CancellationToken cancellationToken = default) where T : class, IIntegrationEvent =>
        OutboxWriter.WriteManyAsync(this, events.Select(e => OutboxMessage.ForBus(e)), cancellationToken);

    /// <summary>Queues a plain JSON body for a named exchange (ERP and other non-.NET consumers).</summary>
    public Task PublishRawAsync(string exchange, string routingKey, Guid messageId, object body, CancellationToken cancellationToken = default) =>
        OutboxWriter.WriteAsync(this, OutboxMessage.ForExchange(exchange, routingKey, messageId, body), cancellationToken);

    /// <summary>Records who changed what in the same transaction (docs/product.md §6 audit trail).</summary>
    public Task AuditAsync(Caller caller, string entityType, Guid entityId, string action, object? changes, CancellationToken cancellationToken = default)
    {
        subject ??= (entityType, entityId);
        return AuditLog.RecordAsync(Connection, Transaction, caller, entityType, entityId, action, changes, cancellationToken);
    }

    /// <summary>Many audit entries with one COPY (bulk imports).</summary>
    public Task AuditManyAsync(Caller caller, string entityType, IEnumerable<(Guid EntityId, string Action, object? Changes)> entries, CancellationToken cancellationToken = default) =>
        AuditLog.RecordManyAsync(Connection, caller, entityType, entries, cancellationToken);

    /// <summary>Commits; under an Idempotency-Key the key is marked applied in the same transaction (see <see cref="IdempotencyClaim"/>).</summary>
    public async Task CommitAsync(CancellationToken cancellationToken = default)
    {
        if (IdempotencyClaim.Current is { } claim)
        {
            await claim.MarkCommittedAsync(Transaction, subject?.Type, subject?.Id, cancellationToken);
        }

        await Transaction.CommitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await Transaction.DisposeAsync();
        await Connection.DisposeAsync();
    }
}
