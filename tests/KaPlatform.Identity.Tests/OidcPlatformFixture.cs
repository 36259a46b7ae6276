using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using KaPlatform.LocalInfra;
using KaPlatform.Testing;

namespace KaPlatform.Identity.Tests;

/// <summary>
/// The whole platform through the AppHost, configured for an outside OpenID Connect provider exactly as a deployment
/// would be (Auth__Authority, Auth__Audience, claim names given to the AppHost) and without dev tokens. Claim names
/// differ from the defaults on purpose, so the configuration is seen to reach every process. The shared signing key
/// is still handed to every process, as a deployment might leave it: with an Authority it must count for nothing.
/// </summary>
public sealed class OidcPlatformFixture : PlatformFixture
{
    public TestIdentityProvider Provider { get; private set; } = null!;

    /// <summary>The gateway, then each service directly, each with a path that service answers 200 to for an admin.</summary>
    public static readonly IReadOnlyList<(string Target, string Path)> Targets =
    [
        ("gateway", "/api/accounts"),
        (PlatformLayout.Accounts.Name, "/api/accounts"),
        (PlatformLayout.Opportunities.Name, "/api/opportunities"),
        (PlatformLayout.Contracts.Name, "/api/contracts"),
        (PlatformLayout.Success.Name, "/api/success/alerts"),
    ];

    protected override bool DevTokens => false;

    protected override bool WithDashboard => false;

    protected override IReadOnlyDictionary<string, string> PlatformEnvironment => new Dictionary<string, string>
    {
        ["Auth__Authority"] = Provider.Issuer,
        ["Auth__Audience"] = TestIdentityProvider.Audience,
        ["Auth__Claims__Roles"] = "app_roles",
        ["Auth__Claims__Region"] = "sales_region",
        // Every unknown kid may re-read the JWKS at once, so the rotation test needs no waiting.
        ["Auth__MetadataRefreshInterval"] = "00:00:00",
    };

    public override async ValueTask InitializeAsync()
    {
        Provider = await TestIdentityProvider.StartAsync();
        await base.InitializeAsync();
    }

    /// <summary>
    /// Pays the one-time costs of a fresh platform before any test runs, so each test's own waits measure the token
    /// and event paths rather than start-up. Measured on the loaded machine without it: whichever test came first
    /// (the key rotation one) took 98 s for 15 requests — every process JIT-compiling its validation path and reading
    /// the provider's discovery document and JWKS for the first time — and the subject-mapping test spent most of its
    /// 30 s event waits on the first AccountRegistered publish, where MassTransit declares the exchange on the fresh
    /// virtual host and the broker's confirm outlasted the outbox's 10 s PublishTimeout, so the relay retried it.
    /// </summary>
    protected override async Task OnStartedAsync()
    {
        var token = Provider.Sign("rsa-1", Provider.Claims(Guid.NewGuid().ToString(), "admin"));
        foreach (var (target, path) in Targets)
        {
            using var client = Client(target, token);
            using var response = await client.GetAsync(path);
            response.EnsureSuccessStatusCode();
        }

        using var gateway = Client("gateway", token);
        using var created = await gateway.PostAsJsonAsync("/api/accounts", new { name = "预热客户 warm-up", region = "华东" });
        created.EnsureSuccessStatusCode();
        var account = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        foreach (var area in new[] { "opportunities", "success" })
        {
            await Eventually.TrueAsync(
                async () => (await gateway.GetAsync($"/api/{area}/accounts/{account}")).StatusCode == HttpStatusCode.OK,
                TimeSpan.FromMinutes(3), $"{area} learns the warm-up account");
        }
    }

    public HttpClient Client(string target, string? token)
    {
        var client = new HttpClient { BaseAddress = target == "gateway" ? Gateway.BaseAddress : ServiceUrl(target), Timeout = TimeSpan.FromSeconds(60) };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (Provider is not null)
        {
            await Provider.DisposeAsync();
        }
    }
}
