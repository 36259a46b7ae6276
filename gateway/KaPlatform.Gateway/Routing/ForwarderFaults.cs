using System.Globalization;
using KaPlatform.ServiceDefaults.Problems;
using Yarp.ReverseProxy.Forwarder;

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
        var fault = error switch
        {
            ForwarderError.Request or ForwarderError.NoAvailableDestinations => new BusinessRuleException("service_unavailable",
                $"{service} cannot be reached at the moment; the request did not reach it. Retry shortly.", StatusCodes.Status503ServiceUnavailable,
                new Dictionary<string, object?> { ["service"] = service, ["retryAfterSeconds"] = RetryAfterSeconds }),
            ForwarderError.RequestTimedOut => new BusinessRuleException("service_timeout",
                $"{service} did not answer in time; the request may have been applied. Retry a create with the same Idempotency-Key.",
                StatusCodes.Status504GatewayTimeout, new Dictionary<string, object?> { ["service"] = service }),
            _ => null,
        };
        if (fault is null)
        {
            return;
        }

        if (fault.Status == StatusCodes.Status503ServiceUnavailable)
        {
            context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        }

        // The same shape as every service's refusals and the database's 503 (code, params, traceId).
        await BusinessRuleExceptionHandler.WriteAsync(context.RequestServices.GetRequiredService<IProblemDetailsService>(), context, fault, fault);
    });
}
