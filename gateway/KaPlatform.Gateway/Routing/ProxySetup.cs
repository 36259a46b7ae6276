using KaPlatform.Gateway.RateLimiting;
using Yarp.ReverseProxy.Configuration;

namespace KaPlatform.Gateway.Routing;

public static partial class ProxySetup
{
    /// <summary>YARP's well-known name for the default authorization policy: an authenticated user.</summary>
    private const string AuthenticatedUser = "default";

    /// <summary>
    /// The in-memory route table (what LoadFromMemory registers), built when the proxy first needs it rather than
    /// at registration, so configuration overridden by a test host is seen and a skipped service can be logged.
    /// </summary>
    public static IHostApplicationBuilder AddServiceRoutes(this IHostApplicationBuilder builder)
    {
        builder.Services.AddReverseProxy();
        builder.Services.AddSingleton<IProxyConfigProvider>(sp =>
        {
            var configuration = sp.GetRequiredService<IConfiguration>();
            var logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ProxySetup));
            var routes = new List<RouteConfig>();
            var clusters = new List<ClusterConfig>();
            foreach (var (service, areas) in ServiceRoutes.AreasByService)
            {
                var address = ServiceAddresses.Find(configuration, service);
                if (address is null)
                {
                    // A partial local setup should still serve the services it has; /health shows what is missing.
                    LogServiceSkipped(logger, service, ServiceAddresses.ConfigurationKey(service));
                    continue;
                }

                clusters.Add(Cluster(service, address));
                routes.AddRange(areas.Select(area => Route(service, area)));
                routes.Add(OpenApiRoute(service));
            }

            return new InMemoryConfigProvider(routes, clusters);
        });
        return builder;
    }

    /// <summary>The proxy with its faults as problems (<see cref="ForwarderFaults"/>) around YARP's default pipeline.</summary>
    public static WebApplication MapServiceProxy(this WebApplication app)
    {
        app.MapReverseProxy(proxy =>
        {
            proxy.UseForwarderFaults();
            // What MapReverseProxy() adds on its own; a pipeline given here replaces it.
            proxy.UseSessionAffinity();
            proxy.UseLoadBalancing();
            proxy.UsePassiveHealthChecks();
        });
        return app;
    }

    private static ClusterConfig Cluster(string service, Uri address) => new()
    {
        ClusterId = service,
        Destinations = new Dictionary<string, DestinationConfig>
        {
            [service] = new() { Address = address.ToString() },
        },
    };

    // The catch-all also matches the bare area (/api/accounts?q=...), so one route covers both.
    private static RouteConfig Route(string service, string area) => new()
    {
        RouteId = service + area.Replace('/', '-'),
        ClusterId = service,
        Match = new RouteMatch { Path = area + "/{**rest}" },
        AuthorizationPolicy = AuthenticatedUser,
        RateLimiterPolicy = CallerRateLimitPolicy.Name,
    };

    /// <summary>docs/product.md §0: /openapi/{service}.json is the service's own /openapi/v1.json. Public, like /api-docs.</summary>
    private static RouteConfig OpenApiRoute(string service) => new()
    {
        RouteId = service + "-openapi",
        ClusterId = service,
        Match = new RouteMatch { Path = ServiceRoutes.OpenApiPath(service), Methods = ["GET"] },
        AuthorizationPolicy = "anonymous",
        RateLimiterPolicy = CallerRateLimitPolicy.Name,
        Transforms = [new Dictionary<string, string> { ["PathSet"] = "/openapi/v1.json" }],
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "No address for {Service} ({Key}); its routes are not served")]
    private static partial void LogServiceSkipped(ILogger logger, string service, string key);
}
