using Microsoft.AspNetCore.Http;

namespace KaPlatform.ServiceDefaults.Problems;

/// <summary>
/// A refusal the caller can act on (SPEC §0): 422 with a machine-readable code by default, or 404/409/412.
/// Extra members (e.g. "missing", "failed") travel as problem-details extensions.
/// </summary>
public sealed class BusinessRuleException(
    string code,
    string detail,
    int status = StatusCodes.Status422UnprocessableEntity,
    IReadOnlyDictionary<string, object?>? extensions = null) : Exception(detail)
{
    public string Code { get; } = code;
    public int Status { get; } = status;
    public IReadOnlyDictionary<string, object?> Extensions { get; } = extensions ?? new Dictionary<string, object?>();
}
