namespace KaPlatform.Gateway.Hosting;

public static class GatewayPipeline
{
    /// <summary>
    /// ServiceDefaults' order with the rate limiter placed between authentication and authorization: the limiter
    /// needs the token's subject to partition by, and callers with a missing or forged token are still throttled
    /// (by address) before they are refused.
    /// </summary>
    public static WebApplication UseGatewayPipeline(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        return app;
    }

    /// <summary>
    /// Anything no route claims is a plain 404, also for anonymous callers: without this the fallback
    /// authorization policy would answer 401 and suggest the path exists (e.g. /api/dev/token when dev tokens are off).
    /// </summary>
    public static WebApplication MapUnknownRoutesToNotFound(this WebApplication app)
    {
        app.MapFallback("{**path}", () => TypedResults.NotFound()).AllowAnonymous();
        return app;
    }
}
