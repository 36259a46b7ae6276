using KaPlatform.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace KaPlatform.Workspace;

/// <summary>
/// GET /workspace/config: what the sign-in screen needs before anyone is signed in. Demo users are listed only when
/// the dev token endpoint exists; otherwise the screen asks for a token from the organisation's identity provider.
/// </summary>
public static class WorkspaceConfig
{
    public const string Path = "/workspace/config";

    public sealed record Response(bool DevTokens, IReadOnlyList<WorkspaceUser> DemoUsers);

    public static IEndpointRouteBuilder MapWorkspaceConfig(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, (AuthOptions auth, IOptions<WorkspaceOptions> options) =>
                TypedResults.Ok(new Response(auth.DevTokens, auth.DevTokens ? options.Value.DemoUsers : [])))
            .AllowAnonymous()
            .ExcludeFromDescription();
        return app;
    }
}
