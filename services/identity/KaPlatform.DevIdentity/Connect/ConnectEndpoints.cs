using KaPlatform.DevIdentity.SignIn;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace KaPlatform.DevIdentity.Connect;

/// <summary>
/// The three endpoints OpenIddict hands back to us (passthrough): who is the user, which grant may mint what, and
/// ending the provider's own session. Protocol checks (PKCE, redirect URIs, codes) stay OpenIddict's.
/// </summary>
public static class ConnectEndpoints
{
    private const string Server = OpenIddictServerAspNetCoreDefaults.AuthenticationScheme;

    public static WebApplication MapConnectEndpoints(this WebApplication app)
    {
        app.MapGet("/connect/authorize", AuthorizeAsync);
        app.MapPost("/connect/token", TokenAsync);
        app.MapMethods("/connect/endsession", ["GET", "POST"], (Func<HttpContext, Task<IResult>>)EndSessionAsync);
        return app;
    }

    private static async Task<IResult> AuthorizeAsync(HttpContext http, IOptions<DevIdentityOptions> options)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("not an OpenID Connect request");
        var session = await http.AuthenticateAsync(SignInPage.Scheme);
        var user = session.Succeeded ? DevPrincipal.Find(options.Value, session.Principal.FindFirst(Claims.Subject)?.Value) : null;
        if (user is null || request.HasPromptValue(PromptValues.Login))
        {
            if (request.HasPromptValue(PromptValues.None))
            {
                return Results.Forbid(Error(Errors.LoginRequired, "Nobody is signed in at the development provider."), [Server]);
            }

            return Results.Redirect(SignInPage.Path + "?returnUrl=" + Uri.EscapeDataString(http.Request.Path + http.Request.QueryString));
        }

        return Results.SignIn(DevPrincipal.For(user, request.GetScopes(), options.Value), authenticationScheme: Server);
    }

    private static async Task<IResult> TokenAsync(HttpContext http, IOptions<DevIdentityOptions> options)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("not an OpenID Connect request");
        var settings = options.Value;
        if (request.IsAuthorizationCodeGrantType() || request.IsRefreshTokenGrantType())
        {
            // Re-read the person: a refresh after they were removed from the directory must fail.
            var previous = await http.AuthenticateAsync(Server);
            var user = DevPrincipal.Find(settings, previous.Principal?.FindFirst(Claims.Subject)?.Value);
            return user is null
                ? Results.Forbid(Error(Errors.InvalidGrant, "This person can no longer sign in."), [Server])
                : Results.SignIn(DevPrincipal.For(user, previous.Principal!.GetScopes(), settings), authenticationScheme: Server);
        }

        if (request.IsPasswordGrantType())
        {
            var user = DevPrincipal.Find(settings, request.Username);
            var allowed = settings.ScriptPassword.Length > 0 && request.ClientId == settings.ScriptClientId && request.Password == settings.ScriptPassword;
            return user is null || !allowed
                ? Results.Forbid(Error(Errors.InvalidGrant, "Unknown user or wrong password."), [Server])
                : Results.SignIn(DevPrincipal.For(user, request.GetScopes(), settings), authenticationScheme: Server);
        }

        return Results.Forbid(Error(Errors.UnsupportedGrantType, "This grant is not offered."), [Server]);
    }

    private static async Task<IResult> EndSessionAsync(HttpContext http)
    {
        await http.SignOutAsync(SignInPage.Scheme);
        // OpenIddict sends the browser on to the validated post_logout_redirect_uri.
        return Results.SignOut(new AuthenticationProperties { RedirectUri = SignInPage.Path }, [Server]);
    }

    private static AuthenticationProperties Error(string error, string description) => new(new Dictionary<string, string?>
    {
        [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
        [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
    });
}
