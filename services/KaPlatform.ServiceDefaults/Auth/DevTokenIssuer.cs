using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace KaPlatform.ServiceDefaults.Auth;

/// <summary>Signs tokens with the configured key. Used by the gateway's dev token endpoint, tests and the benchmark.</summary>
public sealed class DevTokenIssuer(AuthOptions options)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(8);

    public string Issue(Guid userId, string name, IEnumerable<string> roles, string? region)
    {
        var claims = new List<Claim> { new("sub", userId.ToString()), new("name", name) };
        claims.AddRange(roles.Select(r => new Claim("roles", r)));
        if (!string.IsNullOrWhiteSpace(region))
        {
            claims.Add(new Claim(Caller.RegionClaim, region));
        }

        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.Issuer,
            Audience = options.Audience,
            Subject = new ClaimsIdentity(claims),
            Expires = DateTime.UtcNow.Add(Lifetime),
            SigningCredentials = new SigningCredentials(JwtAuthentication.SigningKey(options), SecurityAlgorithms.HmacSha256),
        });
    }
}
