using KaPlatform.Gateway.Routing;
using KaPlatform.ServiceDefaults;
using KaPlatform.ServiceDefaults.Health;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace KaPlatform.Gateway.Health;

public static class GatewayHealth
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);

    /// <summary>One check per service plus the broker; the health service runs them in parallel.</summary>
    public static IHostApplicationBuilder AddGatewayHealthChecks(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHttpClient(ServiceHealthCheck.ClientName, c => c.Timeout = ProbeTimeout);
        var checks = builder.Services.AddHealthChecks();
        foreach (var service in ServiceRoutes.AreasByService.Keys)
        {
            checks.AddTypeActivatedCheck<ServiceHealthCheck>(service, failureStatus: null, tags: [], timeout: ProbeTimeout * 2, args: service);
        }

        checks.AddCheck<EventBusHealthCheck>(EventBusHealthCheck.Name, timeout: ProbeTimeout * 2);
        return builder;
    }

    /// <summary>
    /// Mapped here rather than through MapDefaultEndpoints because the gateway's /health is the platform's
    /// verdict: anything short of Healthy is 503, so a load balancer or the AppHost never treats it as ready.
    /// </summary>
    public static WebApplication MapGatewayHealthEndpoints(this WebApplication app)
    {
        app.MapHealthChecks("/health", new HealthCheckOptions
        {
            ResponseWriter = HealthResponseWriter.WriteAsync,
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status503ServiceUnavailable,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
        }).AllowAnonymous();
        app.MapHealthChecks("/alive", new HealthCheckOptions
        {
            Predicate = r => r.Tags.Contains(Extensions.LiveTag),
            ResponseWriter = HealthResponseWriter.WriteAsync,
        }).AllowAnonymous();
        app.MapOpsMetrics();
        return app;
    }
}
