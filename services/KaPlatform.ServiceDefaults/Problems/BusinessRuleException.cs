using KaPlatform.ServiceDefaults.Input;
using Microsoft.AspNetCore.Http;

namespace KaPlatform.ServiceDefaults.Problems;

/// <summary>
/// A refusal the caller can act on (docs/product.md §0): 422 with a machine-readable code by default, or 404/409/412.
/// Extra members (e.g. "missing", "failed") travel as problem-details extensions.
/// </summary>
public sealed class BusinessRuleException(
    string code,
    string detail,
    int status = StatusCodes.Status422UnprocessableEntity,
    IReadOnlyDictionary<string, object?>? extensions = null) : Exception(detail)
{
    /// <summary>400 with an `errors` member per field (docs/product.md §0): the one shape every service's validation answers with.</summary>
    /// <remarks>Each message also travels in `fieldErrors` as field, code and params (docs/product.md §0), read once here for every service.</remarks>
    public static BusinessRuleException InvalidFields(
        IReadOnlyDictionary<string, string[]> errors, string code = "invalid_request", string detail = "One or more fields are invalid.") =>
        new(code, detail, StatusCodes.Status400BadRequest, new Dictionary<string, object?>
        {
            ["errors"] = errors,
            ["fieldErrors"] = FieldMessages.Problems(errors).Select(p => p.Member()).ToList(),
        });

    public string Code { get; } = code;
    public int Status { get; } = status;
    public IReadOnlyDictionary<string, object?> Extensions { get; } = extensions ?? new Dictionary<string, object?>();
}
