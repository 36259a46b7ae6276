using System.Text.Json;
using System.Text.Json.Serialization;

namespace KaPlatform.ServiceDefaults.Input;

/// <summary>Request bodies read a date as `YYYY-MM-DD` or an ISO instant (<see cref="FlexibleDate"/>); answers always write `YYYY-MM-DD`.</summary>
public sealed class FlexibleDateConverter : JsonConverter<DateOnly>
{
    public override DateOnly Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String && FlexibleDate.TryParse(reader.GetString()!, out var date)
            ? date
            : throw new JsonException("Expected a date as YYYY-MM-DD.");

    public override void Write(Utf8JsonWriter writer, DateOnly value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
}
