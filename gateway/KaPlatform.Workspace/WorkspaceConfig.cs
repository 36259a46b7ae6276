using KaPlatform.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace KaPlatform.Workspace;

/// <summary>
/// GET /workspace/config: what the sign-in screen needs before anyone is signed in. Demo users are listed only when
/// the dev token endpoint exists; with an Authority the screen sends the person to that provider (authorization code + PKCE).
/// </summary>
public static class WorkspaceConfig
{
    public const string Path = "/workspace/config";

    public sealed record Response(bool DevTokens, IReadOnlyList<WorkspaceUser> DemoUsers, OidcClient? Oidc);

    /// <summary>What oidc-client-ts needs to send the person to the provider: null in shared-key (dev token) mode.</summary>
    public sealed record OidcClient(string Authority, string ClientId, string Scope);

    public static IEndpointRouteBuilder MapWorkspaceConfig(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, (AuthOptions auth, IOptions<WorkspaceOptions> options) =>
                TypedResults.Ok(new Response(
                    auth.DevTokens,
                    auth.DevTokens ? options.Value.DemoUsers : [],
                    auth.UsesAuthority ? new OidcClient(auth.Authority!, options.Value.ClientId, options.Value.Scope) : null)))
            .AllowAnonymous()
            .ExcludeFromDescription();
        return app;
    }
}
