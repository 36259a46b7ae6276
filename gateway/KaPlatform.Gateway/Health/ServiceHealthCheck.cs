using System.Text.Json;
using KaPlatform.Gateway.Routing;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenTelemetry;

namespace KaPlatform.Gateway.Health;

/// <summary>Asks one service behind the gateway for its own /health, so the gateway's answer covers the platform.</summary>
public sealed class ServiceHealthCheck(string service, IConfiguration configuration, IHttpClientFactory clients) : IHealthCheck
{
    public const string ClientName = "service-health";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var address = ServiceAddresses.Find(configuration, service);
        if (address is null)
        {
            return new HealthCheckResult(context.Registration.FailureStatus,
                $"no address configured ({ServiceAddresses.ConfigurationKey(service)}); its routes are not served");
        }

        // Probes run every few seconds; without this each one would start a trace of its own.
        using var _ = SuppressInstrumentationScope.Begin();
        try
        {
            using var response = await clients.CreateClient(ClientName).GetAsync(new Uri(address, "/health"), cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                return new HealthCheckResult(context.Registration.FailureStatus, $"{address} answered {(int)response.StatusCode}");
            }

            var (name, status) = await ReportedAsync(response, cancellationToken);
            if (name != service)
            {
                // Whatever holds that port is not the service we route to: its 200 says nothing about ours.
                return new HealthCheckResult(context.Registration.FailureStatus, $"{address} answered as '{name ?? "nobody"}', not {service}");
            }

            // A service that is up but has a degraded dependency still answers 200; pass its own verdict on.
            return status == nameof(HealthStatus.Degraded)
                ? HealthCheckResult.Degraded($"{address} reports degraded")
                : HealthCheckResult.Healthy(address.ToString());
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"{address} unreachable", ex);
        }
    }

    /// <summary>The service named in the answer and its own verdict (see HealthResponseWriter).</summary>
    private static async Task<(string? Service, string? Status)> ReportedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            using var body = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
            return (Text(body.RootElement, "service"), Text(body.RootElement, "status"));
        }
        catch (JsonException)
        {
            return (null, null);
        }

        static string? Text(JsonElement root, string name) =>
            root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
    }
}
