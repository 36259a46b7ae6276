using System.Net.Http.Headers;
using KaPlatform.LocalInfra;
using KaPlatform.Testing;

namespace KaPlatform.Identity.Tests;

/// <summary>
/// The whole platform as processes, configured for an outside OpenID Connect provider exactly as a deployment would be
/// (Auth__Authority, Auth__Audience, claim names), with dev tokens switched off again. Claim names differ from the
/// defaults on purpose, so the configuration is seen to reach every process.
/// </summary>
public sealed class OidcPlatform : PlatformFixture
{
    // Started before the platform (whose processes need its address); the fixture's start-up is not overridable.
    public TestIdentityProvider Provider { get; } = TestIdentityProvider.StartAsync().GetAwaiter().GetResult();

    protected override IReadOnlyDictionary<string, string> PlatformEnvironment => new Dictionary<string, string>
    {
        ["Auth__Authority"] = Provider.Issuer,
        ["Auth__Audience"] = TestIdentityProvider.Audience,
        ["Auth__DevTokens"] = "false",
        ["Auth__Claims__Roles"] = "app_roles",
        ["Auth__Claims__Region"] = "sales_region",
        // Every unknown kid may re-read the JWKS at once, so the rotation test needs no waiting.
        ["Auth__MetadataRefreshInterval"] = "00:00:00",
    };

    /// <summary>The gateway, then each service directly, each with a path that service answers 200 to for an admin.</summary>
    public static readonly IReadOnlyList<(string Target, string Path)> Targets =
    [
        ("gateway", "/api/accounts"),
        (PlatformLayout.Accounts.Name, "/api/accounts"),
        (PlatformLayout.Opportunities.Name, "/api/opportunities"),
        (PlatformLayout.Contracts.Name, "/api/contracts"),
        (PlatformLayout.Success.Name, "/api/success/alerts"),
    ];

    public HttpClient Client(string target, string? token)
    {
        var address = target == "gateway" ? Platform.Endpoints.Gateway : Platform.Endpoints.Services[target];
        var client = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(30) };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Provider.DisposeAsync();
    }
}
