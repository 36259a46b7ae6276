using KaPlatform.ServiceDefaults;
using System.Globalization;
using System.Text.Json;

namespace KaPlatform.Contracts.Api.Erp;

/// <summary>docs/product.md §3.5: what the ERP posts, raw JSON, to ka.erp.inbound.payments (schema: docs/erp/erp_payment_posted.schema.json).</summary>
public sealed record ErpPaymentPosted(
    Guid EventId, DateTimeOffset OccurredAt, int SchemaVersion, string ExternalRef, string ContractNumber, decimal Amount, string Currency, DateOnly ReceivedAt)
{
    public const string MessageType = "erp_payment_posted";

    /// <summary>The message, or the reason it cannot be one (it then goes to the error queue with that reason).</summary>
    public static (ErpPaymentPosted? Message, string? Reason) Parse(ReadOnlyMemory<byte> body, string? amqpType)
    {
        if (!string.IsNullOrEmpty(amqpType) && amqpType is not (MessageType or nameof(ErpPaymentPosted)))
        {
            return (null, $"unknown_message_type: '{amqpType}' (this queue takes {MessageType})");
        }

        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(body);
            root = document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            return (null, $"malformed_json: {ex.Message}");
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            return (null, "malformed_json: the body must be a JSON object");
        }

        var problems = new List<string>();
        var eventId = Read(root, "eventId", problems, e => e.ValueKind == JsonValueKind.String && Guid.TryParse(e.GetString(), out var g) && g != Guid.Empty ? g : (Guid?)null);
        var occurredAt = Read(root, "occurredAt", problems, e => e.ValueKind == JsonValueKind.String && DateTimeOffset.TryParse(e.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : (DateTimeOffset?)null);
        var version = Read(root, "schemaVersion", problems, e => e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out var v) ? v : (int?)null);
        var externalRef = Read(root, "externalRef", problems, e => e.ValueKind == JsonValueKind.String && e.GetString()!.Trim() is { Length: > 0 and <= 200 } s ? s : null);
        var number = Read(root, "contractNumber", problems, e => e.ValueKind == JsonValueKind.String && e.GetString()!.Trim() is { Length: > 0 } s ? s : null);
        var amount = Read(root, "amount", problems, e => e.ValueKind == JsonValueKind.Number && e.TryGetDecimal(out var a) && a > 0 && Money.IsCents(a) ? a : (decimal?)null);
        var currency = Read(root, "currency", problems, e => e.ValueKind == JsonValueKind.String && Money.IsCurrencyCode(e.GetString()) ? e.GetString() : null);
        var receivedAt = Read(root, "receivedAt", problems, e => e.ValueKind == JsonValueKind.String && DateOnly.TryParseExact(e.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : (DateOnly?)null);
        if (problems.Count > 0)
        {
            return (null, "invalid_message: " + string.Join("; ", problems));
        }

        if (version != 1)
        {
            return (null, $"unsupported_schema_version: {version} (supported: 1)");
        }

        return (new ErpPaymentPosted(eventId!.Value, occurredAt!.Value, version.Value, externalRef!, number!, amount!.Value, currency!, receivedAt!.Value), null);
    }

    private static T? Read<T>(JsonElement root, string name, List<string> problems, Func<JsonElement, T?> convert)
    {
        if (!root.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            problems.Add($"{name} is missing");
            return default;
        }

        var value = convert(element);
        if (value is null)
        {
            problems.Add($"{name} is invalid");
        }

        return value;
    }
}
