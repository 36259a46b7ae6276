using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace KaPlatform.ServiceDefaults.Health;

/// <summary>
/// Writes a health report as JSON so an SRE (and the gateway) can see which dependency failed, and which service
/// answered: whoever probes (the AppHost, the gateway, a test fixture) refuses a healthy answer from the wrong one.
/// Anonymous callers get the name and status alone, since entries name internal addresses and errors
/// (<see cref="OpsAccess"/>).
/// </summary>
public static class HealthResponseWriter
{
    /// <summary>The name the orchestrator gave this process (Aspire's OTEL_SERVICE_NAME is the resource name), else the application's.</summary>
    public static string ServiceName(IServiceProvider services) =>
        services.GetRequiredService<IConfiguration>()["OTEL_SERVICE_NAME"] is { Length: > 0 } name
            ? name
            : services.GetRequiredService<IHostEnvironment>().ApplicationName;

    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        var service = ServiceName(context.RequestServices);
        object body = OpsAccess.IsTrusted(context)
            ? new
            {
                service,
                status = report.Status.ToString(),
                durationMs = Math.Round(report.TotalDuration.TotalMilliseconds, 1),
                entries = report.Entries.ToDictionary(
                    e => e.Key,
                    e => new { status = e.Value.Status.ToString(), description = e.Value.Description, error = e.Value.Exception?.Message }),
            }
            : new { service, status = report.Status.ToString() };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, Json.Options));
    }
}
