using KaPlatform.ServiceDefaults.Problems;

namespace KaPlatform.ServiceDefaults.Input;

/// <summary>One thing wrong with one field: the English words for logs and developers, plus a stable code and params for clients to translate (SPEC §0).</summary>
public sealed record FieldProblem(string Field, string Message, string Code, IReadOnlyDictionary<string, object?>? Params = null)
{
    /// <summary>400 `invalid_request` with `errors` (field → messages) and `fieldErrors` (field, code, params, message).</summary>
    public static BusinessRuleException Refuse(IReadOnlyCollection<FieldProblem> problems, string detail = "One or more fields are invalid.")
    {
        var errors = problems.GroupBy(p => p.Field, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray(), StringComparer.Ordinal);
        var fieldErrors = problems.Select(p => new Dictionary<string, object?>
        {
            ["field"] = p.Field,
            ["code"] = p.Code,
            ["params"] = p.Params ?? new Dictionary<string, object?>(),
            ["message"] = p.Message,
        }).ToList();
        return new BusinessRuleException("invalid_request", detail, 400, new Dictionary<string, object?>
        {
            ["errors"] = errors,
            ["fieldErrors"] = fieldErrors,
        });
    }
}
