using KaPlatform.ServiceDefaults.Problems;

namespace KaPlatform.ServiceDefaults.Input;

/// <summary>One thing wrong with one field: the English words for logs and developers, plus a stable code and params for clients to translate (docs/product.md §0).</summary>
public sealed record FieldProblem(string Field, string Message, string Code, IReadOnlyDictionary<string, object?>? Params = null)
{
    /// <summary>400 `invalid_request` with `errors` (field → messages) and `fieldErrors` (field, code, params, message).</summary>
    public static BusinessRuleException Refuse(IReadOnlyCollection<FieldProblem> problems, string detail = "One or more fields are invalid.")
    {
        var errors = problems.GroupBy(p => p.Field, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray(), StringComparer.Ordinal);
        var fieldErrors = problems.Select(p => p.Member()).ToList();
        return new BusinessRuleException("invalid_request", detail, 400, new Dictionary<string, object?>
        {
            ["errors"] = errors,
            ["fieldErrors"] = fieldErrors,
        });
    }

    /// <summary>One entry of a problem's `fieldErrors` member.</summary>
    public Dictionary<string, object?> Member() => new()
    {
        ["field"] = Field,
        ["code"] = Code,
        ["params"] = Params ?? new Dictionary<string, object?>(),
        ["message"] = Message,
    };
}
