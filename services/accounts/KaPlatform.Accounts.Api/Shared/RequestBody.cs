using System.Text.Json;
using KaPlatform.ServiceDefaults;
using KaPlatform.ServiceDefaults.Input;

namespace KaPlatform.Accounts.Api.Shared;

/// <summary>
/// PATCH bodies arrive as a JsonElement so "absent" (keep) and "null" (clear) can be told apart; this reads the
/// typed view of the same body and turns a type mismatch into a 400 naming the field.
/// </summary>
internal static class RequestBody
{
    public static T Read<T>(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            throw FieldErrors.Invalid("$", "The body must be a JSON object.");
        }

        try
        {
            return body.Deserialize<T>(Json.Options) ?? throw FieldErrors.Invalid("$", "The body must be a JSON object.");
        }
        catch (JsonException e)
        {
            throw FieldErrors.Invalid(string.IsNullOrEmpty(e.Path) ? "$" : e.Path.TrimStart('$', '.'), e.Message.Split(" Path:")[0]);
        }
    }

    public static bool Has(JsonElement body, string name) => body.ValueKind == JsonValueKind.Object && body.TryGetProperty(name, out _);
}
