using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace KaPlatform.Gateway.Tests;

/// <summary>What a stub backend answers for every path except /health: who it is and what reached it.</summary>
public sealed record BackendEcho(
    string Service, string Method, string Path, string Query, string? Authorization, string? Traceparent, long BodyLength);

/// <summary>
/// One tiny real Kestrel server per service behind the gateway (docs/product.md §7), each on its own loopback port, answering
/// any path with a <see cref="BackendEcho"/> and /health with 200, naming itself as services do.
/// </summary>
public sealed class StubBackendsFixture : IAsyncLifetime
{
    public static readonly string[] Services = ["accounts-api", "opportunities-api", "contracts-api", "success-api"];

    private readonly ConcurrentDictionary<string, WebApplication> apps = new();

    public IReadOnlyDictionary<string, Uri> Addresses { get; private set; } = new Dictionary<string, Uri>();

    public async ValueTask InitializeAsync()
    {
        var started = await Task.WhenAll(Services.Select(async s => (Service: s, Address: await StartAsync(s))));
        Addresses = started.ToDictionary(x => x.Service, x => x.Address);
    }

    private async Task<Uri> StartAsync(string service)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Run(async context =>
        {
            if (context.Request.Path == "/health")
            {
                await context.Response.WriteAsJsonAsync(new { service, status = "Healthy" });
                return;
            }

            long length = 0;
            var buffer = new byte[8192];
            int read;
            while ((read = await context.Request.Body.ReadAsync(buffer)) > 0)
            {
                length += read;
            }

            var headers = context.Request.Headers;
            await context.Response.WriteAsJsonAsync(new BackendEcho(
                service,
                context.Request.Method,
                context.Request.Path.Value ?? "",
                context.Request.QueryString.Value ?? "",
                headers.Authorization.Count > 0 ? headers.Authorization.ToString() : null,
                headers.TryGetValue("traceparent", out var traceparent) ? traceparent.ToString() : null,
                length));
        });
        await app.StartAsync();
        apps[service] = app;
        return new Uri(app.Urls.Single());
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var app in apps.Values)
        {
            await app.DisposeAsync();
        }
    }
}
