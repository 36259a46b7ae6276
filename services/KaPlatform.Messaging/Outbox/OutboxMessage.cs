using System.Text.Json;
using KaPlatform.Messaging.Contracts;
using KaPlatform.ServiceDefaults;

namespace KaPlatform.Messaging.Outbox;

/// <summary>A row of the outbox before it is written: either a bus event or a raw body for a named exchange.</summary>
public sealed record OutboxMessage(Guid Id, string MessageType, string? Exchange, string? RoutingKey, string Body)
{
    public static OutboxMessage ForBus(IIntegrationEvent @event)
    {
        var type = @event.GetType();
        return new OutboxMessage(
            @event.EventId,
            TypeName(type),
            null,
            null,
            JsonSerializer.Serialize(@event, type, Json.Options));
    }

    public static OutboxMessage ForExchange(string exchange, string routingKey, Guid messageId, object body) =>
        new(messageId, routingKey, exchange, routingKey, JsonSerializer.Serialize(body, body.GetType(), Json.Options));

    /// <summary>Assembly-qualified without version, so a redeploy with a new version still resolves old rows.</summary>
    public static string TypeName(Type type) => $"{type.FullName}, {type.Assembly.GetName().Name}";
}
