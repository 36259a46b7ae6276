using System.Security.Cryptography;

namespace KaPlatform.AppHost;

/// <summary>
/// The bundled development OpenID Connect provider (services/identity/KaPlatform.DevIdentity, docs/identity.md): started
/// when neither dev tokens nor a provider of one's own (Auth__Authority) is given. The gateway and every service take
/// its URL as Auth__Authority; it takes the gateway's as the workspace's redirect URI.
/// </summary>
internal sealed record DevIdentity(IResourceBuilder<ProjectResource> Resource, string ScriptPassword)
{
    public const string Audience = "kaplatform-api";

    /// <summary>Its issuer: its own address with the trailing slash, the same string in every process's Auth__Authority.</summary>
    public ReferenceExpression Issuer => ReferenceExpression.Create($"{Resource.GetEndpoint("http")}/");
}

internal static class DevIdentityExtensions
{
    public static DevIdentity? AddDevIdentity(this IDistributedApplicationBuilder builder, PlatformSettings settings)
    {
        if (!settings.BundledIdentity)
        {
            return null;
        }

        // The demo seed signs in as the demo users with the password grant; a fresh secret per start, never stored.
        var scriptPassword = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var identity = builder.AddProject<Projects.KaPlatform_DevIdentity>("identity")
            // No launch profile: the endpoint is declared here. Loopback only (the provider refuses anything else).
            .WithHttpEndpoint(port: settings.IdentityPort, name: "http")
            .WithEndpoint("http", e => e.TargetHost = "127.0.0.1")
            .WithEnvironment("DevIdentity__Audience", DevIdentity.Audience)
            .WithEnvironment("DevIdentity__ScriptPassword", scriptPassword)
            .WithHttpHealthCheck("/health");
        var bundled = new DevIdentity(identity, scriptPassword);
        identity.WithEnvironment("DevIdentity__Issuer", bundled.Issuer);
        return bundled;
    }

    /// <summary>Tokens from the bundled provider (nothing to do without one: Auth__* given to the AppHost are forwarded).</summary>
    public static IResourceBuilder<ProjectResource> WithIdentity(this IResourceBuilder<ProjectResource> project, DevIdentity? identity)
    {
        if (identity is null)
        {
            return project;
        }

        return project
            .WithEnvironment("Auth__Authority", identity.Issuer)
            .WithEnvironment("Auth__Audience", DevIdentity.Audience)
            .WaitFor(identity.Resource);
    }

    /// <summary>The workspace, served by the gateway, is the provider's one client: it returns there after sign-in and sign-out.</summary>
    public static void RedirectTo(this DevIdentity? identity, IResourceBuilder<ProjectResource> gateway)
    {
        if (identity is null)
        {
            return;
        }

        // People open the workspace under either name of this machine; OAuth compares redirect URIs exactly.
        var port = gateway.GetEndpoint("http").Property(EndpointProperty.Port);
        string[] hosts = ["127.0.0.1", "localhost"];
        for (var i = 0; i < hosts.Length; i++)
        {
            var workspace = ReferenceExpression.Create($"http://{hosts[i]}:{port}/");
            identity.Resource
                .WithEnvironment($"DevIdentity__RedirectUris__{i}", workspace)
                .WithEnvironment($"DevIdentity__PostLogoutRedirectUris__{i}", workspace);
        }
    }
}
