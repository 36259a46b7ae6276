using KaPlatform.Gateway.RateLimiting;
using KaPlatform.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KaPlatform.Gateway.Auth;

public sealed record DevTokenRequest(string? UserId, string? Name, string[]? Roles, string? Region);

public sealed record DevTokenResponse(string AccessToken);

/// <summary>
/// docs/product.md §6: local runs, tests and the benchmark mint tokens here. Mapped only when Auth:DevTokens is true, so a
/// production gateway has no such route at all (it answers 404 like any unknown path).
/// </summary>
public static class DevTokenEndpoint
{
    public const string Path = "/api/dev/token";

    public static IHostApplicationBuilder AddDevTokenBindGuard(this IHostApplicationBuilder builder)
    {
        if (builder.Configuration.GetSection("Auth").Get<AuthOptions>()?.DevTokens == true)
        {
            builder.Services.AddHostedService<DevTokenBindGuard>();
        }

        return builder;
    }

    public static WebApplication MapDevTokenEndpoint(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<AuthOptions>();
        if (options.DevTokens)
        {
            var issuer = new DevTokenIssuer(options);
            app.MapPost(Path, (DevTokenRequest request) => Issue(request, issuer))
                .AllowAnonymous()
                .RequireRateLimiting(CallerRateLimitPolicy.Name);
        }

        return app;
    }

    private static Results<Ok<DevTokenResponse>, ValidationProblem> Issue(DevTokenRequest request, DevTokenIssuer issuer)
    {
        var errors = new Dictionary<string, string[]>();
        if (!Guid.TryParse(request.UserId, out var userId))
        {
            errors["userId"] = ["userId must be a UUID."];
        }

        var roles = request.Roles ?? [];
        if (roles.Length == 0)
        {
            errors["roles"] = ["At least one role is required."];
        }
        else if (roles.Where(r => !Roles.All.Contains(r)).ToArray() is { Length: > 0 } unknown)
        {
            errors["roles"] = [$"Unknown role(s): {string.Join(", ", unknown)}. Allowed: {string.Join(", ", Roles.All)}."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        return TypedResults.Ok(new DevTokenResponse(issuer.Issue(userId, request.Name ?? "", roles, request.Region)));
    }
}
