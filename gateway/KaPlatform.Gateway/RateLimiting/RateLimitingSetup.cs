namespace KaPlatform.Gateway.RateLimiting;

public static class RateLimitingSetup
{
    /// <summary>
    /// Only endpoints that opt in (the proxied routes and the dev token endpoint) are limited; probes of
    /// /health, /alive and /metrics must keep answering while a client is being throttled.
    /// </summary>
    public static IHostApplicationBuilder AddCallerRateLimiting(this IHostApplicationBuilder builder)
    {
        builder.Services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy<string, CallerRateLimitPolicy>(CallerRateLimitPolicy.Name);
        });
        return builder;
    }
}
