using KaPlatform.ServiceDefaults.Problems;

namespace KaPlatform.Contracts.Api;

/// <summary>400 problem details with an `errors` member per field (docs/product.md §0), from a handler's own validation.</summary>
public sealed class BadInput
{
    private readonly Dictionary<string, string[]> errors = [];

    public BadInput Check(bool ok, string field, string message)
    {
        if (!ok && !errors.ContainsKey(field))
        {
            errors[field] = [message];
        }

        return this;
    }

    public void ThrowIfAny()
    {
        if (errors.Count > 0)
        {
            throw Exception(errors);
        }
    }

    public static BusinessRuleException Field(string field, string message) => Exception(new() { [field] = [message] });

    private static BusinessRuleException Exception(Dictionary<string, string[]> errors) =>
        BusinessRuleException.InvalidFields(errors);
}
