using KaPlatform.ServiceDefaults.Problems;

namespace KaPlatform.Opportunities.Api.Common;

/// <summary>Collects field errors and answers 400 problem details with `errors` per field (docs/product.md §0).</summary>
internal sealed class Validation
{
    private readonly Dictionary<string, string[]> errors = [];

    public Validation Check(bool ok, string field, string message)
    {
        if (!ok && !errors.ContainsKey(field))
        {
            errors[field] = [message];
        }

        return this;
    }

    public Validation Text(string? value, string field, int max = 200, bool required = true) =>
        Check(value is null ? !required : value.Trim().Length > 0 && value.Length <= max, field,
            required ? $"Required, 1 to {max} characters." : $"At most {max} characters.");

    public Validation OneOf(string? value, IReadOnlyCollection<string> allowed, string field, bool required = true) =>
        Check(value is null ? !required : allowed.Contains(value), field, $"One of: {string.Join(", ", allowed)}.");

    public Validation Money(decimal? value, string field, bool required = true) =>
        Check(value is null ? !required : value >= 0 && value < 10_000_000_000_000_000m && KaPlatform.ServiceDefaults.Money.IsCents(value.Value), field,
            "A non-negative amount with at most two decimals.");

    public Validation Currency(string? value, string field = "currency") =>
        Check(value is null || KaPlatform.ServiceDefaults.Money.IsCurrencyCode(value), field, "A 3-letter ISO currency code such as CNY.");

    public Validation Id(Guid? value, string field, bool required = true) =>
        Check(value is null ? !required : value != Guid.Empty, field, "A non-empty UUID.");

    public void ThrowIfAny()
    {
        if (errors.Count > 0)
        {
            throw BusinessRuleException.InvalidFields(errors);
        }
    }
}
