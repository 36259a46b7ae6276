using KaPlatform.ServiceDefaults.Problems;

namespace KaPlatform.ServiceDefaults.Input;

/// <summary>
/// The one way a handler reports bad fields (docs/product.md §0): collect the faults of a request so the caller fixes
/// them in one round, then answer 400 `invalid_request` with `errors` per field and `fieldErrors` (the code and params
/// <see cref="FieldMessages"/> reads from the English). The field comes first in every method.
/// </summary>
/// <remarks>
/// A field keeps its first fault: later checks of a field may assume the earlier ones held ("close a deal with /win"
/// is not also "not an open stage"), and a form shows one message per field.
/// Two wordings predate this class and stay as they were, because clients key on the codes FieldMessages derives from
/// them: the fragments of <see cref="Text"/>, <see cref="OneOf"/>, <see cref="Range"/>, <see cref="NotEmpty"/> and
/// <see cref="Count"/> ("is required.", "must be one of: a, b.") and the sentences of <see cref="Length"/>,
/// <see cref="Choice"/>, <see cref="Money"/>, <see cref="Currency"/> and <see cref="Id"/> ("Required, 1 to 200 characters.").
/// </remarks>
public sealed class FieldErrors
{
    private readonly Dictionary<string, string[]> errors = new(StringComparer.Ordinal);

    public bool Any => errors.Count > 0;

    public FieldErrors Add(string field, string message)
    {
        errors.TryAdd(field, [message]);
        return this;
    }

    public FieldErrors Check(bool ok, string field, string message) => ok ? this : Add(field, message);

    /// <summary>Trimmed text; null when absent and optional.</summary>
    public string? Text(string field, string? value, int maxLength, bool required = false)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            Check(!required, field, "is required.");
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

    public FieldErrors Range(string field, decimal? value, decimal min, decimal max, bool required = false) =>
        value is null
            ? Check(!required, field, "is required.")
            : Check(value >= min && value <= max, field, $"must be between {min} and {max}.");

    public FieldErrors NotEmpty(string field, Guid? value) => Check(value != Guid.Empty, field, "must be a non-empty UUID.");

    public FieldErrors Count<T>(string field, IReadOnlyCollection<T>? items, int max) =>
        Check(items is null || items.Count <= max, field, $"at most {max} entries.");

    /// <summary>Text of 1 to <paramref name="max"/> characters, blank refused even when optional.</summary>
    public FieldErrors Length(string field, string? value, int max = 200, bool required = true) =>
        Check(value is null ? !required : value.Trim().Length > 0 && value.Length <= max, field,
            required ? $"Required, 1 to {max} characters." : $"At most {max} characters.");

    public FieldErrors Choice(string field, string? value, IReadOnlyCollection<string> allowed, bool required = true) =>
        Check(value is null ? !required : allowed.Contains(value), field, $"One of: {string.Join(", ", allowed)}.");

    /// <summary>An amount that fits numeric(18,2).</summary>
    public FieldErrors Money(string field, decimal? value, bool required = true) =>
        Check(value is null ? !required : value >= 0 && value < 10_000_000_000_000_000m && ServiceDefaults.Money.IsCents(value.Value), field,
            "A non-negative amount with at most two decimals.");

    /// <summary>Optional: null means the default currency.</summary>
    public FieldErrors Currency(string field, string? value) =>
        Check(value is null || ServiceDefaults.Money.IsCurrencyCode(value), field, "A 3-letter ISO currency code such as CNY.");

    public FieldErrors Id(string field, Guid? value, bool required = true) =>
        Check(value is null ? !required : value != Guid.Empty, field, "A non-empty UUID.");

    /// <summary>One line per fault, for places that report rather than throw (an import line).</summary>
    public string Summary() => string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}"));

    public void ThrowIfAny(string? detail = null)
    {
        if (Any)
        {
            throw Refuse(errors, detail);
        }
    }

    /// <summary>The 400 for one field, for a fault found past validation (a file that does not parse, a cursor that does not decode).</summary>
    public static BusinessRuleException Invalid(string field, string message) => Refuse(new Dictionary<string, string[]> { [field] = [message] }, null);

    /// <summary>The 400 for one field with several faults (several bad values of one list parameter).</summary>
    public static BusinessRuleException Invalid(string field, IEnumerable<string> messages) => Refuse(new Dictionary<string, string[]> { [field] = [.. messages] }, null);

    private static BusinessRuleException Refuse(Dictionary<string, string[]> errors, string? detail) =>
        detail is null ? BusinessRuleException.InvalidFields(errors) : BusinessRuleException.InvalidFields(errors, detail: detail);
}
