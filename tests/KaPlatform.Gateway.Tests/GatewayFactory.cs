using System.Net.Http.Headers;
using KaPlatform.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace KaPlatform.Gateway.Tests;

/// <summary>
/// The gateway in-process on real Kestrel (the request body limit is a Kestrel limit), configured through host
/// settings: the gateway reads Auth:* while it builds, before app configuration callbacks would apply.
/// </summary>
public sealed class GatewayFactory : WebApplicationFactory<Program>
{
    private readonly IReadOnlyDictionary<string, string?> settings;
    private readonly System.Collections.Concurrent.ConcurrentBag<HttpClient> clients = [];

    private GatewayFactory(IReadOnlyDictionary<string, string?> settings) => this.settings = settings;

    /// <summary>Routes to <paramref name="backends"/> (unless overridden) and signs with the test key; plus <paramref name="overrides"/>.</summary>
    public static GatewayFactory Start(StubBackendsFixture backends, Dictionary<string, string?>? overrides = null)
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

        // Port 0 through the host's urls setting, not UseKestrel(0): that one rewrites the server's addresses after the
        // build, racing the app's own Kestrel start on another thread, which sometimes won (CI stop 29: "Addresses
        // cannot be modified after the server has started"; dotnet/aspnetcore#67714).
        settings[WebHostDefaults.ServerUrlsKey] = "http://127.0.0.1:0";
        var factory = new GatewayFactory(settings);
        factory.UseKestrel();
        factory.StartServer();
        factory.Address = new Uri(factory.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single());
        return factory;
    }

    /// <summary>Where the gateway's Kestrel listens.</summary>
    public Uri Address { get; private set; } = null!;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        // Quieter than the gateway's appsettings.json (host settings given here take precedence over it).
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Logging:LogLevel:Microsoft.Hosting.Lifetime", "Warning");
    }

    public HttpClient Client(string? token = null)
    {
        // Like a client outside the process: the gateway's tracing listens to this process's HttpClients too, and
        // with a listener present the handler would replace a traceparent the test set by one of its own.
        var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, ActivityHeadersPropagator = null })
        {
            BaseAddress = Address,
        };
        clients.Add(client);
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    public override async ValueTask DisposeAsync()
    {
        foreach (var client in clients)
        {
            client.Dispose();
        }

        await base.DisposeAsync();
    }

    public HttpClient Client(Guid userId) => Client(TestTokens.For(userId, "sales_rep", "华东"));
}
