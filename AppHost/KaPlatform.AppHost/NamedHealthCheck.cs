using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace KaPlatform.AppHost;

/// <summary>
/// GET /health must answer 200 and name the resource it was asked about: a healthy answer from whatever else holds
/// the port (once, another service of the platform) is not this resource being healthy.
/// </summary>
internal sealed class NamedHealthCheck(string service, EndpointReference endpoint) : IHealthCheck
{
    // Generous: a first /health after start (JIT, pools, broker handshake) takes seconds on a loaded machine.
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!endpoint.IsAllocated)
        {
            return HealthCheckResult.Unhealthy("no endpoint allocated yet");
        }

        try
        {
            using var response = await Http.GetAsync(new Uri(new Uri(endpoint.Url), "/health"), cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            var name = ServiceName(body);
            if (name != service)
            {
                return HealthCheckResult.Unhealthy($"{endpoint.Url}/health answered for '{name ?? "nobody"}', not {service}");
            }

            return response.IsSuccessStatusCode
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy($"{(int)response.StatusCode}: {body}");
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return HealthCheckResult.Unhealthy($"{endpoint.Url} unreachable", ex);
        }
    }

    private static string? ServiceName(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.TryGetProperty("service", out var service) ? service.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

internal static class NamedHealthCheckExtensions
{
    public static IResourceBuilder<ProjectResource> WithNamedHealthCheck(this IResourceBuilder<ProjectResource> project)
    {
        var key = $"{project.Resource.Name}_health";
        var endpoint = project.GetEndpoint("http");
        project.ApplicationBuilder.Services.AddHealthChecks().Add(new HealthCheckRegistration(key,
            _ => new NamedHealthCheck(project.Resource.Name, endpoint), failureStatus: null, tags: null));
        return project.WithHealthCheck(key);
    }
}
