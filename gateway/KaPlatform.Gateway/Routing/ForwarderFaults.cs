using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;

namespace KaPlatform.Gateway.Routing;

/// <summary>
/// A service that cannot be reached (restarting, killed, not up yet) or does not answer in time: the proxy's empty
/// 502 becomes a problem that names the service and says whether to retry — 503 `service_unavailable` with
/// Retry-After, or 504 `service_timeout` — so the workspace can tell the user, and a client knows the request never
/// reached the service (503) or may have (504: retry a create with the same Idempotency-Key).
/// </summary>
public static class ForwarderFaults
{
    public const int RetryAfterSeconds = 5;

    public static void UseForwarderFaults(this IReverseProxyApplicationBuilder proxy) => proxy.Use(async (context, next) =>
    {
        await next();
        if (context.GetForwarderErrorFeature()?.Error is not { } error || context.Response.HasStarted)
        {
            return;
        }

        var service = context.GetReverseProxyFeature().Cluster?.Config.ClusterId ?? "unknown";
        var problem = error switch
        {
            ForwarderError.Request or ForwarderError.NoAvailableDestinations => new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "service_unavailable",
                Detail = $"{service} cannot be reached at the moment; the request did not reach it. Retry shortly.",
            },
            ForwarderError.RequestTimedOut => new ProblemDetails
            {
                Status = StatusCodes.Status504GatewayTimeout,
                Title = "service_timeout",
                Detail = $"{service} did not answer in time; the request may have been applied. Retry a create with the same Idempotency-Key.",
            },
            _ => null,
        };
        if (problem is null)
        {
            return;
        }

        problem.Extensions["code"] = problem.Title;
        problem.Extensions["params"] = new Dictionary<string, object?> { ["service"] = service };
        context.Response.StatusCode = problem.Status!.Value;
        if (problem.Status == StatusCodes.Status503ServiceUnavailable)
        {
            context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        }

        await context.RequestServices.GetRequiredService<IProblemDetailsService>()
            .WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem });
    });
}
