using KaPlatform.Testing;

namespace KaPlatform.Identity.Tests;

/// <summary>
/// The platform as `./AppHost/run.sh` starts it by default: no dev tokens, no provider of one's own, so the AppHost
/// starts the bundled development provider (KaPlatform.DevIdentity) and points the gateway and every service at it.
/// </summary>
public sealed class SignInPlatformFixture : PlatformFixture
{
    public const string Audience = "kaplatform-api";

    protected override bool DevTokens => false;

    protected override bool WithDashboard => false;

    /// <summary>The provider's URL, the same string as every process's Auth__Authority (and the tokens' iss).</summary>
    public string Issuer { get; private set; } = "";

    /// <summary>The gateway's origin with the trailing slash: the workspace's redirect and post-logout URI.</summary>
    public string Workspace { get; private set; } = "";

    protected override Task OnStartedAsync()
    {
        Issuer = ServiceUrl("identity").ToString().TrimEnd('/') + "/";
        Workspace = Gateway.BaseAddress!.ToString().TrimEnd('/') + "/";
        return Task.CompletedTask;
    }
}
