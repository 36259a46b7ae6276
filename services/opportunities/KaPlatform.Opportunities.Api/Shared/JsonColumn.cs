using System.Text.Json;
using KaPlatform.ServiceDefaults;

namespace KaPlatform.Opportunities.Api.Shared;

/// <summary>jsonb columns (team, competitors, documents...) in the API's own casing, so stored and answered JSON agree.</summary>
internal static class JsonColumn
{
    public static string Write<T>(T value) => JsonSerializer.Serialize(value, Json.Options);

    public static T Read<T>(string? json, T fallback) => string.IsNullOrEmpty(json) ? fallback : JsonSerializer.Deserialize<T>(json, Json.Options) ?? fallback;
}
