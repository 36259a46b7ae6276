using System.Text.Json;
using System.Text.Json.Nodes;
using KaPlatform.Messaging;
using KaPlatform.Messaging.Contracts;
using KaPlatform.ServiceDefaults;

namespace KaPlatform.Contracts.Api.Erp;

/// <summary>
/// docs/product.md §3.5: finance events go to the bus (for .NET services) and, in the same transaction, as plain JSON to the
/// topic exchange ka.erp.outbound with the event name in snake_case as routing key. The raw copy has its own
/// message id (the outbox keys rows by id) which is also its eventId: that is what an ERP deduplicates on.
/// </summary>
public static class ErpOutbound
{
    public const string Exchange = "ka.erp.outbound";
    public const int SchemaVersion = 1;

    public static async Task PublishAsync<T>(UnitOfWork work, T @event, CancellationToken cancellationToken) where T : class, IIntegrationEvent
    {
        await work.PublishAsync(@event, cancellationToken);
        var messageId = Guid.CreateVersion7();
        await work.PublishRawAsync(Exchange, RoutingKey<T>(), messageId, Body(@event, messageId), cancellationToken);
    }

    public static string RoutingKey<T>() => JsonNamingPolicy.SnakeCaseLower.ConvertName(typeof(T).Name);

    private static JsonObject Body<T>(T @event, Guid messageId)
    {
        var body = JsonSerializer.SerializeToNode(@event, Json.Options)!.AsObject();
        body["eventId"] = messageId;
        body["schemaVersion"] = SchemaVersion;
        return body;
    }
}
