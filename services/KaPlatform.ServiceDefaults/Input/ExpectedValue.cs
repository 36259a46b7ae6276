using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace KaPlatform.ServiceDefaults.Input;

/// <summary>The kinds of JSON value a CLR type accepts, as the wire sees them.</summary>
public enum ValueKind { Any, Text, Uuid, Date, Instant, Boolean, Integer, Number, Enum, Array, Map, Object }

/// <summary>
/// What a request field must look like, worked out once per CLR type: its JSON kind and the words a client developer
/// reads in a field error ("a date as YYYY-MM-DD", "an array of strings", "one of: visit, call"). Never a CLR type name.
/// </summary>
public sealed class ExpectedValue
{
    private static readonly ConcurrentDictionary<Type, ExpectedValue> Cache = new();

    private ExpectedValue(Type type)
    {
        Type = type;
        var underlying = Nullable.GetUnderlyingType(type);
        AllowsNull = underlying is not null || !type.IsValueType;
        var t = underlying ?? type;
        Kind = KindOf(t);
        if (Kind == ValueKind.Enum)
        {
            EnumValues = t.GetFields(BindingFlags.Public | BindingFlags.Static)
                .Select(f => f.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? JsonNamingPolicy.SnakeCaseLower.ConvertName(f.Name))
                .ToArray();
        }

        ItemType = Kind switch
        {
            ValueKind.Array => t.IsArray ? t.GetElementType() : EnumerableItem(t),
            ValueKind.Map => t.GetInterfaces().Append(t)
                .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() is var d && (d == typeof(IDictionary<,>) || d == typeof(IReadOnlyDictionary<,>)))
                ?.GetGenericArguments()[1],
            _ => null,
        };
        if (Kind == ValueKind.Object)
        {
            Properties = t.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(p => p.GetIndexParameters().Length == 0 && p.GetCustomAttribute<JsonIgnoreAttribute>() is null)
                .GroupBy(p => p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(p.Name), StringComparer.OrdinalIgnoreCase)
                .ToDictionary(g => g.Key, g => g.First().PropertyType, StringComparer.OrdinalIgnoreCase);
        }
    }

    public Type Type { get; }
    public ValueKind Kind { get; }
    public bool AllowsNull { get; }
    public IReadOnlyList<string> EnumValues { get; } = [];
    public Type? ItemType { get; }

    /// <summary>JSON member name (case-insensitive, as the web serializer reads) → CLR type of the member.</summary>
    public IReadOnlyDictionary<string, Type> Properties { get; } = new Dictionary<string, Type>();

    public static ExpectedValue Of(Type type) => Cache.GetOrAdd(type, t => new ExpectedValue(t));

    /// <summary>The words of a field error: what the field must be.</summary>
    public string Words => Kind switch
    {
        ValueKind.Text => "a string",
        ValueKind.Uuid => "a UUID such as 0192a7c4-5b1e-7c3d-9f00-1a2b3c4d5e6f",
        ValueKind.Date => $"a date as YYYY-MM-DD between {InputLimits.EarliestDate:yyyy-MM-dd} and {InputLimits.LatestDate:yyyy-MM-dd}",
        ValueKind.Instant => "an instant as ISO-8601 with a time zone, such as 2026-12-01T08:30:00Z",
        ValueKind.Boolean => "true or false",
        ValueKind.Integer => "a whole number",
        ValueKind.Number => "a number",
        ValueKind.Enum => "one of: " + string.Join(", ", EnumValues),
        ValueKind.Array => "an array of " + Plural(ItemType),
        ValueKind.Map => "an object",
        ValueKind.Object => "an object",
        _ => "a JSON value",
    };

    /// <summary>The stable code of the kind, for clients to translate (`expected_date`, `expected_array`...).</summary>
    public string Code => "expected_" + JsonNamingPolicy.SnakeCaseLower.ConvertName(Kind.ToString());

    public IReadOnlyDictionary<string, object?> Params => Kind switch
    {
        ValueKind.Enum => new Dictionary<string, object?> { ["values"] = EnumValues },
        ValueKind.Date => new Dictionary<string, object?> { ["min"] = InputLimits.EarliestDate.ToString("yyyy-MM-dd"), ["max"] = InputLimits.LatestDate.ToString("yyyy-MM-dd") },
        ValueKind.Array => new Dictionary<string, object?> { ["items"] = ItemType is null ? "any" : Of(ItemType).Kind.ToString().ToLowerInvariant(), ["maxItems"] = InputLimits.MaxArrayItems },
        _ => new Dictionary<string, object?>(),
    };

    public FieldProblem Problem(string field) => new(field, Words, Code, Params);

    private static string Plural(Type? item)
    {
        if (item is null)
        {
            return "values";
        }

        var expected = Of(item);
        return expected.Kind switch
        {
            ValueKind.Text => "strings",
            ValueKind.Uuid => "UUIDs",
            ValueKind.Date => "dates as YYYY-MM-DD",
            ValueKind.Instant => "ISO-8601 instants",
            ValueKind.Integer => "whole numbers",
            ValueKind.Number => "numbers",
            ValueKind.Boolean => "true/false values",
            ValueKind.Enum => "values from: " + string.Join(", ", expected.EnumValues),
            ValueKind.Array => "arrays",
            ValueKind.Object or ValueKind.Map => "objects",
            _ => "values",
        };
    }

    private static ValueKind KindOf(Type t)
    {
        if (t == typeof(string) || t == typeof(char))
        {
            return ValueKind.Text;
        }

        if (t == typeof(Guid))
        {
            return ValueKind.Uuid;
        }

        if (t == typeof(DateOnly))
        {
            return ValueKind.Date;
        }

        if (t == typeof(DateTimeOffset) || t == typeof(DateTime))
        {
            return ValueKind.Instant;
        }

        if (t == typeof(bool))
        {
            return ValueKind.Boolean;
        }

        if (t == typeof(int) || t == typeof(long) || t == typeof(short) || t == typeof(byte) || t == typeof(uint) || t == typeof(ulong) || t == typeof(ushort))
        {
            return ValueKind.Integer;
        }

        if (t == typeof(decimal) || t == typeof(double) || t == typeof(float))
        {
            return ValueKind.Number;
        }

        if (t.IsEnum)
        {
            return ValueKind.Enum;
        }

        if (t == typeof(object) || t == typeof(JsonElement) || typeof(JsonNode).IsAssignableFrom(t) || t == typeof(JsonDocument))
        {
            return ValueKind.Any;
        }

        if (t.IsArray)
        {
            return ValueKind.Array;
        }

        if (t.GetInterfaces().Append(t).Any(i => i.IsGenericType && i.GetGenericTypeDefinition() is var d && (d == typeof(IDictionary<,>) || d == typeof(IReadOnlyDictionary<,>))))
        {
            return ValueKind.Map;
        }

        if (typeof(IEnumerable).IsAssignableFrom(t))
        {
            return ValueKind.Array;
        }

        return t.IsPrimitive ? ValueKind.Any : ValueKind.Object;
    }

    private static Type? EnumerableItem(Type t) =>
        t.GetInterfaces().Append(t).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];
}
