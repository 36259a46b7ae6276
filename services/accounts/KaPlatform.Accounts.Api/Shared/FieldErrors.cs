using KaPlatform.ServiceDefaults.Problems;

namespace KaPlatform.Accounts.Api.Shared;

/// <summary>Collects every fault of a request so the caller fixes them in one round: 400 with `errors` per field.</summary>
internal sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> errors = new(StringComparer.Ordinal);

    public bool Any => errors.Count > 0;

    public void Add(string field, string message)
    {
        if (!errors.TryGetValue(field, out var list))
        {
            errors[field] = list = [];
        }

        list.Add(message);
    }

    public void Check(bool ok, string field, string message)
    {
        if (!ok)
        {
            Add(field, message);
        }
    }

    /// <summary>Trimmed text; null when absent and optional.</summary>
    public string? Text(string field, string? value, int maxLength, bool required = false)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            if (required)
            {
                Add(field, "is required.");
            }

            return null;
        }

        Check(trimmed.Length <= maxLength, field, $"at most {maxLength} characters.");
        return trimmed;
    }

    public string? OneOf(string field, string? value, IReadOnlyCollection<string> allowed, bool required = false)
    {
        if (value is null)
        {
            Check(!required, field, "is required.");
            return null;
        }

        Check(allowed.Contains(value), field, $"must be one of: {string.Join(", ", allowed)}.");
        return value;
    }

    public void Range(string field, decimal? value, decimal min, decimal max, bool required = false)
    {
        if (value is null)
        {
            Check(!required, field, "is required.");
            return;
        }

        Check(value >= min && value <= max, field, $"must be between {min} and {max}.");
    }

    public void NotEmpty(string field, Guid? value) => Check(value != Guid.Empty, field, "must be a non-empty UUID.");

    public void Count<T>(string field, IReadOnlyCollection<T>? items, int max) =>
        Check(items is null || items.Count <= max, field, $"at most {max} entries.");

    /// <summary>One line per fault, for places that report rather than throw (an import line).</summary>
    public string Summary() => string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}"));

    public void ThrowIfAny()
    {
        if (Any)
        {
            throw Invalid(errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));
        }
    }

    public static BusinessRuleException Invalid(string field, string message) => Invalid(new Dictionary<string, string[]> { [field] = [message] });

    private static BusinessRuleException Invalid(Dictionary<string, string[]> errors) => BusinessRuleException.InvalidFields(errors);
}
