using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace KaPlatform.ServiceDefaults.Input;

/// <summary>
/// Query-string values against the types their endpoint binds them to, before binding: a refused value is a field
/// error in plain words, and dates outside <see cref="InputLimits"/> never reach date arithmetic or PostgreSQL.
/// Every value, bound or not, is refused with a NUL character or beyond <see cref="InputLimits.MaxQueryLength"/>.
/// </summary>
public static class QueryCheck
{
    public static IReadOnlyList<FieldProblem> Run(IQueryCollection query, EndpointInputs inputs)
    {
        var problems = new List<FieldProblem>();
        foreach (var (name, values) in query)
        {
            foreach (var value in values)
            {
                if (value is null)
                {
                    continue;
                }

                if (value.Contains('\0') || name.Contains('\0'))
                {
                    problems.Add(new FieldProblem(name.Replace("\0", ""), "text without NUL (\\u0000) characters", "nul_character"));
                }
                else if (value.Length > InputLimits.MaxQueryLength)
                {
                    problems.Add(new FieldProblem(name, $"at most {InputLimits.MaxQueryLength} characters", "too_long",
                        new Dictionary<string, object?> { ["maxLength"] = InputLimits.MaxQueryLength }));
                }
                else if (inputs.Query.TryGetValue(name, out var type) && !Fits(value, type))
                {
                    problems.Add(ExpectedValue.Of(ItemType(type)).Problem(name));
                }
            }
        }

        return problems;
    }

    private static Type ItemType(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        t = t.IsArray ? t.GetElementType()! : t;
        return Nullable.GetUnderlyingType(t) ?? t;
    }

    private static bool Fits(string value, Type type)
    {
        var t = ItemType(type);
        if (value.Length == 0)
        {
            // An empty value binds to null for optional parameters; required ones are reported by the binder.
            return t == typeof(string) || Nullable.GetUnderlyingType(type) is not null || !type.IsValueType;
        }

        var invariant = CultureInfo.InvariantCulture;
        return ExpectedValue.Of(t).Kind switch
        {
            ValueKind.Text or ValueKind.Any => true,
            ValueKind.Uuid => Guid.TryParse(value, out _),
            ValueKind.Date => DateOnly.TryParseExact(value, "yyyy-MM-dd", invariant, DateTimeStyles.None, out var date) && InputLimits.InRange(date),
            ValueKind.Instant => DateTimeOffset.TryParse(value, invariant, DateTimeStyles.AssumeUniversal, out var at) && InputLimits.InRange(DateOnly.FromDateTime(at.UtcDateTime)),
            ValueKind.Boolean => bool.TryParse(value, out _),
            ValueKind.Integer => t == typeof(long) ? long.TryParse(value, NumberStyles.Integer, invariant, out _) : int.TryParse(value, NumberStyles.Integer, invariant, out _),
            ValueKind.Number => decimal.TryParse(value, NumberStyles.Number, invariant, out var n) && Math.Abs(n) < InputLimits.MaxMagnitude,
            ValueKind.Enum => ExpectedValue.Of(t).EnumValues.Contains(value, StringComparer.OrdinalIgnoreCase),
            _ => true,
        };
    }
}
