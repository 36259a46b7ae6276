using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace KaPlatform.ServiceDefaults.Problems;

public static class ProblemDetailsSetup
{
    public static IServiceCollection AddKaProblemDetails(this IServiceCollection services)
    {
        services.AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
        {
            ctx.ProblemDetails.Instance ??= ctx.HttpContext.Request.Path;
            ctx.ProblemDetails.Extensions["traceId"] = Activity.Current?.TraceId.ToString() ?? ctx.HttpContext.TraceIdentifier;
            // Status-code pages (401, 403, 404 without a body, 405) carry a code like every other problem (docs/product.md §0).
            if (!ctx.ProblemDetails.Extensions.ContainsKey("code") && ctx.ProblemDetails.Status is { } status)
            {
                // No endpoint matched: the route does not exist, which a client (and the contract test) must tell from an unseen resource.
                ctx.ProblemDetails.Extensions["code"] = status == StatusCodes.Status404NotFound && ctx.HttpContext.GetEndpoint() is null
                    ? "route_not_found"
                    : StatusCode(status);
                ctx.ProblemDetails.Extensions["params"] = new Dictionary<string, object?>();
            }
        });
        services.AddExceptionHandler<BadRequestExceptionHandler>();
        services.AddExceptionHandler<BusinessRuleExceptionHandler>();
        services.AddExceptionHandler<StorageRefusalHandler>();
        services.AddExceptionHandler<DatabaseUnavailableHandler>();
        // Binding failures (bad JSON, wrong types, missing body) throw so they reach the handler above and
        // leave as 400 problem details with the offending field, instead of an empty 400.
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        return services;
    }

    private static string StatusCode(int status) => status switch
    {
        StatusCodes.Status400BadRequest => "bad_request",
        StatusCodes.Status401Unauthorized => "unauthenticated",
        StatusCodes.Status403Forbidden => "forbidden",
        StatusCodes.Status404NotFound => "not_found",
        StatusCodes.Status405MethodNotAllowed => "method_not_allowed",
        StatusCodes.Status409Conflict => "conflict",
        StatusCodes.Status413PayloadTooLarge => "body_too_large",
        StatusCodes.Status415UnsupportedMediaType => "unsupported_media_type",
        StatusCodes.Status422UnprocessableEntity => "unprocessable",
        StatusCodes.Status503ServiceUnavailable => "service_unavailable",
        _ => status >= 500 ? "server_error" : "client_error",
    };
}
