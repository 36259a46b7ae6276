using System.Text;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace KaPlatform.ServiceDefaults.Auth;

public static class JwtAuthentication
{
    /// <summary>The only signatures an Authority's tokens may carry: no "none", no HMAC (docs/product.md §6).</summary>
    public static readonly string[] ProviderAlgorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.EcdsaSha256];

    public static IHostApplicationBuilder AddKaAuthentication(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection("Auth").Get<AuthOptions>() ?? new AuthOptions();
        Validate(options);
        builder.Services.AddSingleton(options);
        var metadata = options.UsesAuthority
            ? new ProviderMetadata(options, new HttpClient { Timeout = TimeSpan.FromSeconds(10) })
            : null;
        var validated = options.ReuseValidatedTokens ? new ValidatedTokens(TimeProvider.System, metadata is null ? null : () => metadata.Generation) : null;
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(o =>
            {
                o.MapInboundClaims = false;
                o.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidAudience = options.Audience,
                    NameClaimType = "name",
                    RoleClaimType = "role",
                    RequireExpirationTime = true,
                    RequireSignedTokens = true,
                    ClockSkew = TimeSpan.FromSeconds(30),
                };
                if (metadata is null)
                {
                    o.TokenValidationParameters.ValidIssuer = options.Issuer;
                    o.TokenValidationParameters.IssuerSigningKey = SigningKey(options);
                    o.TokenValidationParameters.ValidAlgorithms = [SecurityAlgorithms.HmacSha256];
                }
                else
                {
                    // Issuer and keys come from the discovery document on every validation (JwtBearer asks the manager).
                    o.ConfigurationManager = metadata;
                    o.RefreshOnIssuerKeyNotFound = true;
                    o.TokenValidationParameters.ValidAlgorithms = ProviderAlgorithms;
                }

                o.Events = new JwtBearerEvents
                {
                    OnMessageReceived = ctx =>
                    {
                        if (validated is not null && BearerToken(ctx.Request) is { } token && validated.TryGet(token, out var known))
                        {
                            ctx.Principal = known;
                            ctx.Success();
                            return Task.CompletedTask;
                        }

                        return metadata is null ? Task.CompletedTask : PrefetchKeyAsync(ctx, metadata);
                    },
                    OnTokenValidated = ctx =>
                    {
                        var (principal, failure) = ctx.SecurityToken is JsonWebToken jwt
                            ? TokenClaims.Normalize(jwt, options)
                            : (null, "not a JSON web token");
                        if (principal is null)
                        {
                            ctx.Fail(failure!);
                        }
                        else
                        {
                            ctx.Principal = principal;
                            validated?.Add(((JsonWebToken)ctx.SecurityToken).EncodedToken, principal, ctx.SecurityToken.ValidTo);
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

    private static void Validate(AuthOptions options)
    {
        if (options.UsesAuthority)
        {
            if (!Uri.TryCreate(options.Authority, UriKind.Absolute, out var authority) || authority.Scheme is not ("https" or "http"))
            {
                throw new InvalidOperationException($"Auth:Authority '{options.Authority}' is not an absolute http(s) URL.");
            }

            if (authority.Scheme == "http" && ProviderMetadata.RequireHttps(options))
            {
                throw new InvalidOperationException("Auth:Authority must use https (plain http only for a loopback development provider).");
            }

            if (options.DevTokens)
            {
                throw new InvalidOperationException(
                    "Auth:DevTokens cannot be on together with Auth:Authority: dev tokens are HMAC-signed, and HMAC is refused when an Authority is set.");
            }

            return;
        }

        if (Encoding.UTF8.GetByteCount(options.SigningKey) < 32)
        {
            throw new InvalidOperationException(
                "No identity provider configured: set Auth:Authority and Auth:Audience (any OpenID Connect provider), "
                + "or, for tests and --dev-tokens local runs only, Auth:SigningKey of at least 32 bytes.");
        }
    }

    private static string? BearerToken(Microsoft.AspNetCore.Http.HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && header.Length > "Bearer ".Length
            ? header["Bearer ".Length..].Trim()
            : null;
    }

    /// <summary>A token naming a kid we do not hold makes us re-read the JWKS before validating it (key rotation).</summary>
    private static async Task PrefetchKeyAsync(MessageReceivedContext ctx, ProviderMetadata metadata)
    {
        if (BearerToken(ctx.Request) is not { } raw)
        {
            return;
        }

        var handler = new JsonWebTokenHandler();
        if (handler.CanReadToken(raw) && handler.ReadJsonWebToken(raw) is { Kid: { Length: > 0 } kid })
        {
            try
            {
                await metadata.EnsureKeyAsync(kid, ctx.HttpContext.RequestAborted);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The provider cannot be reached: validation below fails with 401 and logs why.
            }
        }
    }
}
