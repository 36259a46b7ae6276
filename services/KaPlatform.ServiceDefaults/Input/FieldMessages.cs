using System.Globalization;
using System.Text.RegularExpressions;

namespace KaPlatform.ServiceDefaults.Input;

/// <summary>
/// Reads the English field messages the services' validators write ("is required.", "at most 200 characters.",
/// "one of: a, b") as a stable code plus params (docs/product.md §0), in one place for every service, so a client renders them
/// in the reader's language without each validator learning codes. A message no rule knows is `invalid` with no
/// params: the client says "invalid value" in its language and the English stays in `errors` for developers.
/// </summary>
public static partial class FieldMessages
{
    private sealed record Rule(Regex Pattern, string Code, Func<Match, Dictionary<string, object?>> Params);

    private static readonly Rule[] Rules =
    [
        new(Required(), "required", _ => []),
        new(RequiredDate(), "required_date", _ => []),
        new(RequiredInstant(), "required_instant", _ => []),
        new(LengthRange(), "text_length", m => new() { ["min"] = Int(m, "min"), ["max"] = Int(m, "max") }),
        new(MaxLength(), "too_long", m => new() { ["max"] = Int(m, "max") }),
        new(MaxEntries(), "too_many_items", m => new() { ["max"] = Int(m, "max") }),
        new(OneOf(), "one_of", m => new() { ["values"] = m.Groups["values"].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) }),
        new(Between(), "between", m => new() { ["min"] = m.Groups["min"].Value, ["max"] = m.Groups["max"].Value }),
        new(NonEmptyUuid(), "non_empty_uuid", _ => []),
        new(NonEmptyUuids(), "non_empty_uuids", _ => []),
        new(Money(), "money", _ => []),
        new(Currency(), "currency", _ => []),
        new(Cursor(), "invalid_cursor", _ => []),
        new(NotInFuture(), "not_in_future", _ => []),
        new(OnOrAfter(), "on_or_after", m => new() { ["other"] = m.Groups["other"].Value }),
        new(NotBefore(), "on_or_after", m => new() { ["other"] = m.Groups["other"].Value }),
        new(Period(), "period", _ => []),
        new(CannotClear(), "cannot_clear", _ => []),
        new(NotNegative(), "not_negative", _ => []),
        new(Boolean(), "expected_boolean", _ => []),
        new(JsonObject(), "expected_object", _ => []),
    ];

    public static (string Code, IReadOnlyDictionary<string, object?> Params) Classify(string message)
    {
        var text = message.Trim();
        foreach (var rule in Rules)
        {
            if (rule.Pattern.Match(text) is { Success: true } match)
            {
                return (rule.Code, rule.Params(match));
            }
        }

        return ("invalid", new Dictionary<string, object?>());
    }

    public static IEnumerable<FieldProblem> Problems(IReadOnlyDictionary<string, string[]> errors) =>
        errors.SelectMany(e => e.Value.Select(message =>
        {
            var (code, parameters) = Classify(message);
            return new FieldProblem(e.Key, message, code, parameters);
        }));

    private static int Int(Match m, string group) => int.Parse(m.Groups[group].Value.Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^(is )?required(, cannot be null| \((a|an) [^)]*\))?\.?$|^cannot be null\.?$|^A .+ is required\.$", RegexOptions.IgnoreCase)]
    private static partial Regex Required();

    [GeneratedRegex(@"^(is )?required \(YYYY-MM-DD\)\.?$", RegexOptions.IgnoreCase)]
    private static partial Regex RequiredDate();

    [GeneratedRegex(@"^(is )?required \(ISO-8601 instant\)\.?$", RegexOptions.IgnoreCase)]
    private static partial Regex RequiredInstant();

    [GeneratedRegex(@"^(required, )?(?<min>\d+) to (?<max>[\d,]+) characters\.?$", RegexOptions.IgnoreCase)]
    private static partial Regex LengthRange();

    [GeneratedRegex(@"^at most (?<max>[\d,]+) characters\.?$", RegexOptions.IgnoreCase)]
    private static partial Regex MaxLength();

    [GeneratedRegex(@"^at most (?<max>[\d,]+) (entries|lines|factors|lines per import)\.?$", RegexOptions.IgnoreCase)]
    private static partial Regex MaxEntries();

    [GeneratedRegex(@"^(must be )?one of:? (?<values>[a-z0-9_, |-]+?)\.?$", RegexOptions.IgnoreCase)]
    private static partial Regex OneOf();

    [GeneratedRegex(@"^(must be |a number |an integer |whole days |a whole number )?(between|from) (?<min>-?[\d,.]+) (and|to) (?<max>-?[\d,.]+)\.?$", RegexOptions.IgnoreCase)]
    private static partial Regex Between();

    [GeneratedRegex(@"^(must be |is required \()?a non-empty UUID\)?\.?$", RegexOptions.IgnoreCase)]
    private static partial Regex NonEmptyUuid();

    [GeneratedRegex(@"^(must be )?non-empty UUIDs( \(our users\))?\.?$", RegexOptions.IgnoreCase)]
    private static partial Regex NonEmptyUuids();

    [GeneratedRegex(@"^(a non-negative amount with at most two decimals|zero or more, at most 2 decimals|a number such as [\d.]+)\.?$", RegexOptions.IgnoreCase)]
    private static partial Regex Money();

    [GeneratedRegex(@"^a 3-letter ISO (currency )?code( (such as|like) CNY)?\.?$", RegexOptions.IgnoreCase)]
    private static partial Regex Currency();

    [GeneratedRegex(@"^not a valid cursor\.?$", RegexOptions.IgnoreCase)]
    private static partial Regex Cursor();

    [GeneratedRegex(@"^not in the future\.?$", RegexOptions.IgnoreCase)]
    private static partial Regex NotInFuture();

    [GeneratedRegex(@"^on or after (?<other>[A-Za-z]+)(,.*)?\.?$", RegexOptions.IgnoreCase)]
    private static partial Regex OnOrAfter();

    [GeneratedRegex(@"^must not be before (?<other>[A-Za-z]+)\.?$", RegexOptions.IgnoreCase)]
    private static partial Regex NotBefore();

    [GeneratedRegex(@"^a year \(2026\), quarter \(2026-Q4\) or month \(2026-11\)\.?$", RegexOptions.IgnoreCase)]
    private static partial Regex Period();

    [GeneratedRegex(@"^cannot be cleared\.?$", RegexOptions.IgnoreCase)]
    private static partial Regex CannotClear();

    [GeneratedRegex(@"^(must not be negative|[a-z ]+ cannot be negative)\.?$", RegexOptions.IgnoreCase)]
    private static partial Regex NotNegative();

    [GeneratedRegex(@"^true or false\b.*$", RegexOptions.IgnoreCase)]
    private static partial Regex Boolean();

    [GeneratedRegex(@"^(the body must be a JSON object|a JSON object with the fields to change)\.?$", RegexOptions.IgnoreCase)]
    private static partial Regex JsonObject();
}
