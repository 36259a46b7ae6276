using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.Tokens;

namespace KaPlatform.ServiceDefaults.Auth;

public static class JwtAuthentication
{
    public static IHostApplicationBuilder AddKaAuthentication(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection("Auth").Get<AuthOptions>() ?? new AuthOptions();
        if (Encoding.UTF8.GetByteCount(options.SigningKey) < 32)
        {
            throw new InvalidOperationException(
                "Auth:SigningKey is missing or shorter than 32 bytes. Set it in configuration (the AppHost generates one per data directory).");
        }

        builder.Services.AddSingleton(options);
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(o =>
            {
                o.MapInboundClaims = false;
                o.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = options.Issuer,
                    ValidAudience = options.Audience,
                    IssuerSigningKey = SigningKey(options),
                    NameClaimType = "name",
                    RoleClaimType = "role",
                    ClockSkew = TimeSpan.FromSeconds(30),
                };
                o.Events = new JwtBearerEvents
                {
                    // Ids are UUIDs everywhere (SPEC §0); a subject that is not one cannot own or be on a team.
                    OnTokenValidated = ctx =>
                    {
                        if (!Guid.TryParse(ctx.Principal?.FindFirstValue("sub"), out _))
                        {
                            ctx.Fail("the token's sub claim must be a UUID");
                        }

                        return Task.CompletedTask;
                    },
                };
            });

        // Every endpoint needs a token unless it opts out (health, metrics, the dev token endpoint).
        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        return builder;
    }

    public static SymmetricSecurityKey SigningKey(AuthOptions options) => new(Encoding.UTF8.GetBytes(options.SigningKey));
}
