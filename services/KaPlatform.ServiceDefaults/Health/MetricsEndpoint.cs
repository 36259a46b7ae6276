using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace KaPlatform.ServiceDefaults.Health;

public static class MetricsEndpoint
{
    /// <summary>
    /// Prometheus scraping for operations only: series carry per-region business counts and versions. Anyone else
    /// gets 200 with the bare status, like /health, so a load balancer may still probe it.
    /// </summary>
    public static IEndpointConventionBuilder MapOpsMetrics(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            if (context.Request.Path.Equals("/metrics", StringComparison.OrdinalIgnoreCase) && !OpsAccess.IsTrusted(context))
            {
                context.Response.ContentType = "application/json; charset=utf-8";
                await context.Response.WriteAsync("{\"status\":\"Healthy\"}");
                return;
            }

            await next(context);
        });
        return app.MapPrometheusScrapingEndpoint("/metrics").AllowAnonymous();
    }
}
