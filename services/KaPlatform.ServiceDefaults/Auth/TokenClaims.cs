using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;

namespace KaPlatform.ServiceDefaults.Auth;

/// <summary>
/// Turns a validated token, whatever its provider's claim names, into the platform's own identity: sub (a UUID),
/// name, one role claim per role, region. Everything downstream (Caller, rate limits, audit) reads only these.
/// </summary>
public static class TokenClaims
{
    public const string AuthenticationType = "kaplatform";

    /// <summary>The platform identity, or the reason the token cannot be one.</summary>
    public static (ClaimsPrincipal? Principal, string? Failure) Normalize(JsonWebToken token, AuthOptions options)
    {
        var names = options.Claims;
        var subject = Value(token, names.UserId);
        if (string.IsNullOrWhiteSpace(subject))
        {
            return (null, $"the token has no '{names.UserId}' claim (Auth:Claims:UserId)");
        }

        var issuedAt = token.TryGetPayloadValue<long>("iat", out _) ? token.IssuedAt : token.ValidFrom;
        if (issuedAt == DateTime.MinValue || token.ValidTo == DateTime.MinValue)
        {
            return (null, "the token has no iat/nbf or no exp, so its lifetime cannot be checked");
        }

        if (token.ValidTo - issuedAt > options.MaxLifetime)
        {
            return (null, $"the token lives {token.ValidTo - issuedAt}, longer than Auth:MaxLifetime {options.MaxLifetime}");
        }

        var claims = new List<Claim>
        {
            new("sub", PlatformUserId.From(token.Issuer, subject).ToString()),
            new("name", Value(token, names.Name) ?? Value(token, "preferred_username") ?? ""),
        };
        claims.AddRange(Roles(token, names.Roles).Select(r => new Claim("role", r)));
        if (Value(token, names.Region) is { Length: > 0 } region)
        {
            claims.Add(new Claim(Caller.RegionClaim, region));
        }

        return (new ClaimsPrincipal(new ClaimsIdentity(claims, AuthenticationType, "name", "role")), null);
    }

    private static string? Value(JsonWebToken token, string claim) =>
        token.TryGetClaim(claim, out var c) ? c.Value : null;

    /// <summary>A JSON array arrives as several claims; a space-separated string (Keycloak mappers, scopes-style) as one.</summary>
    private static IEnumerable<string> Roles(JsonWebToken token, string claim) =>
        token.Claims.Where(c => c.Type == claim)
            .SelectMany(c => c.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Distinct(StringComparer.Ordinal);
}
