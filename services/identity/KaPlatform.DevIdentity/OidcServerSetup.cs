using KaPlatform.DevIdentity.SignIn;
using Microsoft.AspNetCore;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace KaPlatform.DevIdentity;

public static class OidcServerSetup
{
    /// <summary>
    /// OpenIddict in degraded mode: no database, one public client checked by the handlers below, self-contained codes
    /// and refresh tokens, keys made fresh at each start (a restart signs everyone out, which is fine for local runs).
    /// Access tokens are plain signed JWTs (RS256) so the platform validates them like any provider's.
    /// </summary>
    public static IHostApplicationBuilder AddDevOidcServer(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(DevIdentityOptions.Section).Get<DevIdentityOptions>() ?? new DevIdentityOptions();
        builder.Services.Configure<DevIdentityOptions>(builder.Configuration.GetSection(DevIdentityOptions.Section));
        builder.Services.AddAuthentication(SignInPage.Scheme).AddCookie(SignInPage.Scheme, o =>
        {
            o.LoginPath = SignInPage.Path;
            o.Cookie.Name = "ka.devidentity";
            o.Cookie.SameSite = SameSiteMode.Lax;
        });
        builder.Services.AddCors(c => c.AddDefaultPolicy(p => p
            .WithOrigins([.. options.RedirectUris.Concat(options.PostLogoutRedirectUris).Select(Origin).Distinct()])
            .AllowAnyHeader().WithMethods("GET", "POST")));
        builder.Services.AddOpenIddict().AddServer(server =>
        {
            if (options.Issuer is not null)
            {
                server.SetIssuer(options.Issuer);
            }

            server.SetAuthorizationEndpointUris("connect/authorize")
                .SetTokenEndpointUris("connect/token")
                .SetEndSessionEndpointUris("connect/endsession");
            server.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange().AllowRefreshTokenFlow().AllowPasswordFlow();
            server.RegisterScopes(Scopes.OpenId, Scopes.Profile, Scopes.OfflineAccess, Scopes.Roles);
            server.AddEphemeralSigningKey().AddEphemeralEncryptionKey().DisableAccessTokenEncryption();
            server.SetAccessTokenLifetime(options.AccessTokenLifetime);
            server.EnableDegradedMode();
            server.UseAspNetCore()
                .EnableAuthorizationEndpointPassthrough()
                .EnableTokenEndpointPassthrough()
                .EnableEndSessionEndpointPassthrough()
                .DisableTransportSecurityRequirement();
            server.AddEventHandler<ValidateAuthorizationRequestContext>(h => h.UseInlineHandler(ValidateAuthorization));
            server.AddEventHandler<ValidateTokenRequestContext>(h => h.UseInlineHandler(ValidateToken));
            server.AddEventHandler<ValidateEndSessionRequestContext>(h => h.UseInlineHandler(ValidateEndSession));
        });
        return builder;
    }

    private static string Origin(string uri) => new Uri(uri).GetLeftPart(UriPartial.Authority);

    private static DevIdentityOptions Settings(BaseContext context) =>
        context.Transaction.GetHttpRequest()!.HttpContext.RequestServices.GetRequiredService<IOptions<DevIdentityOptions>>().Value;

    // Degraded mode has no application store: the client and its exact redirect URIs are checked here instead.
    private static ValueTask ValidateAuthorization(ValidateAuthorizationRequestContext context)
    {
        var settings = Settings(context);
        if (context.ClientId != settings.ClientId)
        {
            context.Reject(Errors.InvalidClient, "Unknown client_id.");
        }
        else if (!settings.RedirectUris.Contains(context.RedirectUri ?? "", StringComparer.Ordinal))
        {
            context.Reject(Errors.InvalidRequest, "This redirect_uri is not registered for the client.");
        }

        return default;
    }

    private static ValueTask ValidateToken(ValidateTokenRequestContext context)
    {
        var settings = Settings(context);
        var client = context.Request.IsPasswordGrantType() ? settings.ScriptClientId : settings.ClientId;
        if (context.ClientId != client)
        {
            context.Reject(Errors.InvalidClient, "Unknown client_id for this grant.");
        }

        return default;
    }

    private static ValueTask ValidateEndSession(ValidateEndSessionRequestContext context)
    {
        if (context.PostLogoutRedirectUri is { } uri && !Settings(context).PostLogoutRedirectUris.Contains(uri, StringComparer.Ordinal))
        {
            context.Reject(Errors.InvalidRequest, "This post_logout_redirect_uri is not registered.");
        }

        return default;
    }
}
