using System.Security.Claims;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace KaPlatform.DevIdentity.Connect;

/// <summary>The claims a demo user's tokens carry, named as docs/product.md §6's defaults (sub, name, roles, region).</summary>
public static class DevPrincipal
{
    public static ClaimsPrincipal For(DevUser user, IEnumerable<string> scopes, DevIdentityOptions options)
    {
        var identity = new ClaimsIdentity(OpenIddict.Server.AspNetCore.OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, "roles");
        identity.AddClaim(Claims.Subject, user.Id);
        identity.AddClaim(Claims.Name, user.Name);
        foreach (var role in user.Roles)
        {
            identity.AddClaim(new Claim("roles", role));
        }

        if (!string.IsNullOrEmpty(user.Region))
        {
            identity.AddClaim(new Claim("region", user.Region));
        }

        var principal = new ClaimsPrincipal(identity);
        principal.SetScopes(scopes);
        principal.SetAudiences(options.Audience);
        principal.SetAccessTokenLifetime(options.AccessTokenLifetime);
        // The workspace reads who signed in from the id token; the platform reads the access token.
        identity.SetDestinations(_ => [Destinations.AccessToken, Destinations.IdentityToken]);
        return principal;
    }

    public static DevUser? Find(DevIdentityOptions options, string? id) => options.People().FirstOrDefault(u => u.Id == id);
}
