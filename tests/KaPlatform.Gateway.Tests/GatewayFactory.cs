using System.Net.Http.Headers;
using KaPlatform.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;

namespace KaPlatform.Gateway.Tests;

/// <summary>
/// The gateway in-process on real Kestrel (the request body limit is a Kestrel limit), configured through host
/// settings: the gateway reads Auth:* while it builds, before app configuration callbacks would apply.
/// </summary>
public sealed class GatewayFactory : WebApplicationFactory<Program>
{
    private readonly IReadOnlyDictionary<string, string?> settings;

    private GatewayFactory(IReadOnlyDictionary<string, string?> settings) => this.settings = settings;

    /// <summary>Routes to <paramref name="backends"/> (unless overridden) and signs with the test key; plus <paramref name="overrides"/>.</summary>
    public static GatewayFactory Start(StubBackends backends, Dictionary<string, string?>? overrides = null)
    {
        var settings = new Dictionary<string, string?> { ["Auth:SigningKey"] = TestTokens.SigningKey };
        foreach (var (service, address) in backends.Addresses)
        {
            settings[$"services:{service}:http:0"] = address.ToString();
        }

        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var factory = new GatewayFactory(settings);
        factory.UseKestrel(0);
        factory.StartServer();
        return factory;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(l => l.SetMinimumLevel(LogLevel.Warning));
    }

    public HttpClient Client(string? token = null)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    public HttpClient Client(Guid userId) => Client(TestTokens.For(userId, "sales_rep", "华东"));
}
