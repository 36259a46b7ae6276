using KaPlatform.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Http;

namespace KaPlatform.ServiceDefaults.Http;

/// <summary>Optimistic concurrency on updates (docs/product.md §0): ETag = the row's version; a stale If-Match is a 412.</summary>
public static class Concurrency
{
    public static string ETag(int version) => $"\"{version}\"";

    /// <summary>The version the caller last saw (If-Match), or null when the header is absent.</summary>
    public static int? ExpectedVersion(HttpRequest request)
    {
        var header = request.Headers.IfMatch.ToString();
        if (string.IsNullOrWhiteSpace(header) || header == "*")
        {
            return null;
        }

        return int.TryParse(header.Trim().Trim('W', '/').Trim('"'), out var version)
            ? version
            : throw new BusinessRuleException("invalid_if_match", "If-Match must be an ETag this API issued.", StatusCodes.Status400BadRequest);
    }

    /// <summary>Throws 412 when the caller's If-Match names another version than the current one.</summary>
    public static void Check(HttpRequest request, int currentVersion)
    {
        if (ExpectedVersion(request) is { } expected && expected != currentVersion)
        {
            throw new BusinessRuleException("version_conflict",
                $"The resource changed since you read it (your version {expected}, current {currentVersion}). Reload and retry.",
                StatusCodes.Status412PreconditionFailed);
        }
    }
}
