using KaPlatform.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace KaPlatform.ServiceDefaults.Http;

/// <summary>Optimistic concurrency on updates (docs/product.md §0): ETag = the row's version; a stale If-Match is a 412.</summary>
public static class Concurrency
{
    public static string ETag(int version) => $"\"{version}\"";

    /// <summary>
    /// Marks a route whose handler checks If-Match (<see cref="Check"/>): its OpenAPI operation then documents the
    /// header and the 412 answer. A route that checks without the mark fails on its first request (see below).
    /// </summary>
    public static TBuilder ChecksIfMatch<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(IfMatchChecked.Instance);

    /// <summary>The version the caller last saw (If-Match), or null when the header is absent.</summary>
    public static int? ExpectedVersion(HttpRequest request)
    {
        // The contract clients read (the ERP, the workspace) must say which writes honour If-Match: a handler that checks
        // it on a route not marked would answer 412 where its document promises none. Every test of the route fails here.
        if (request.HttpContext.GetEndpoint() is { } endpoint && endpoint.Metadata.GetMetadata<IfMatchChecked>() is null)
        {
            throw new InvalidOperationException($"{endpoint.DisplayName} checks If-Match but is not mapped with .ChecksIfMatch().");
        }

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

/// <summary>Endpoint metadata: the route's handler checks If-Match (<see cref="Concurrency.ChecksIfMatch"/>).</summary>
public sealed class IfMatchChecked
{
    public static readonly IfMatchChecked Instance = new();

    private IfMatchChecked()
    {
    }
}
