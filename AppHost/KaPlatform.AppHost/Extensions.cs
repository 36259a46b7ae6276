using KaPlatform.DemoData;
using KaPlatform.LocalInfra;
using Microsoft.Extensions.Configuration;

namespace KaPlatform.AppHost;

internal static class Extensions
{
    /// <summary>Settings given to the AppHost (environment or arguments) that the projects, not the AppHost, act on.</summary>
    private static readonly string[] ForwardedSections = ["Auth", "Business", "Database", "Gateway", "Hosting", "Messaging", "Telemetry", "Workspace"];

    /// <summary>
    /// A service: its own database, the event bus, the platform's settings, and a health check that insists on
    /// the service's own name, with N replicas behind one address (the orchestrator's proxy balances them).
    /// </summary>
    public static IResourceBuilder<ProjectResource> AddKaService<TProject>(
        this IDistributedApplicationBuilder builder, string name, string database, PlatformInfrastructure infrastructure,
        IResourceBuilder<ParameterResource> signingKey, PlatformSettings settings)
        where TProject : IProjectMetadata, new()
    {
        var db = builder.AddKaDatabase(database, infrastructure, settings);
        return builder.AddProject<TProject>(name)
            // The launch profile's fixed port is for running the service alone; here a free one is picked.
            .WithEndpoint("http", e => Listen(e, port: null, proxied: settings.Replicas > 1))
            .WithReplicas(settings.Replicas)
            .WithReference(db).WaitFor(db)
            .WithEventBus(infrastructure)
            .WithPlatformSettings(signingKey, settings, devTokens: false)
            .WithNamedHealthCheck();
    }

    public static IResourceBuilder<ProjectResource> WithEventBus(this IResourceBuilder<ProjectResource> project, PlatformInfrastructure infrastructure)
    {
        project.WithReference(infrastructure.EventBus);
        return infrastructure.EventBusIsOurs ? project.WaitFor(infrastructure.EventBus) : project;
    }

    /// <summary>README's port (8080 unless --gateway-port); none in tests, where any free port will do.</summary>
    public static IResourceBuilder<ProjectResource> WithGatewayPort(this IResourceBuilder<ProjectResource> gateway, int? port) =>
        gateway.WithEndpoint("http", e =>
        {
            Listen(e, port, proxied: false);
            e.TargetHost = "127.0.0.1";
        });

    /// <summary>
    /// The process listens on the address callers use, unless several replicas share it: the orchestrator's proxy
    /// is only needed to balance replicas, and on the request path it cost about as much CPU per request as the
    /// gateway itself, twice for a request through the gateway (issue 18, docs/benchmarks/2026-12-02.md).
    /// </summary>
    private static void Listen(EndpointAnnotation endpoint, int? port, bool proxied)
    {
        endpoint.IsProxied = proxied;
        if (proxied)
        {
            endpoint.Port = port;
            return;
        }

        var chosen = port ?? FreePort.Next();
        endpoint.Port = chosen;
        endpoint.TargetPort = chosen;
    }

    /// <summary>gen0's allocation budget for the services and the gateway (hex, as the runtime reads it).</summary>
    internal const string Gen0Budget = "0x2000000";

    /// <summary>glibc's malloc arenas per service and gateway process (MALLOC_ARENA_MAX); see WithPlatformSettings.</summary>
    internal const string MallocArenas = "2";

    /// <summary>
    /// The signing key, dev tokens (the gateway only, and only when asked for) and whatever Auth/Gateway/Messaging/
    /// Workspace settings the AppHost was given, as the projects' own environment variables.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithPlatformSettings(
        this IResourceBuilder<ProjectResource> project, IResourceBuilder<ParameterResource> signingKey, PlatformSettings settings, bool devTokens)
    {
        var configuration = project.ApplicationBuilder.Configuration;
        return project.WithEnvironment(context =>
        {
            foreach (var section in ForwardedSections)
            {
                foreach (var (key, value) in configuration.GetSection(section).AsEnumerable(makePathsRelative: false))
                {
                    if (value is not null)
                    {
                        context.EnvironmentVariables[key.Replace(":", "__", StringComparison.Ordinal)] = value;
                    }
                }
            }

            // The VMs here report a 260 MB L3 cache, from which workstation GC sizes gen0's budget (~85 MB measured):
            // a service then holds up to that much garbage between collections (contracts-api 403 MB after the ×10
            // aging run). A fixed 32 MB budget bounds it; only an environment variable sets it (runtimeconfig does not).
            context.EnvironmentVariables["DOTNET_GCgen0size"] = Environment.GetEnvironmentVariable("DOTNET_GCgen0size") ?? Gen0Budget;
            // glibc gives each thread that contends for malloc an arena of its own, up to eight per core, and keeps
            // what each arena once held: the runtime's native allocations (JIT, type loads) spread over them and an
            // idle service kept 3-4 MB more resident (docs/benchmarks/2026-12-04.md §8.5). The GC heap is not malloc's.
            context.EnvironmentVariables["MALLOC_ARENA_MAX"] = Environment.GetEnvironmentVariable("MALLOC_ARENA_MAX") ?? MallocArenas;
            context.EnvironmentVariables["ASPNETCORE_ENVIRONMENT"] = settings.ServiceEnvironment;
            context.EnvironmentVariables["Auth__SigningKey"] = signingKey.Resource;
            context.EnvironmentVariables["Auth__DevTokens"] = devTokens ? "true" : "false";
            if (devTokens && settings.SeedDemo)
            {
                // The workspace's sign-in picker offers the demo users; without dev tokens nobody could act as them.
                foreach (var (key, value) in DemoUsersEnvironment.For(DemoUser.All))
                {
                    context.EnvironmentVariables[key] = value;
                }
            }
        });
    }

    /// <summary>
    /// The JWT signing key: Auth:SigningKey when given (tests), otherwise the data directory's own, so tokens handed
    /// out before a restart still work after it.
    /// </summary>
    public static IResourceBuilder<ParameterResource> AddSigningKey(this IDistributedApplicationBuilder builder, PlatformSettings settings)
    {
        var key = builder.Configuration["Auth:SigningKey"] is { Length: > 0 } given ? given : Secrets.LoadOrCreate(settings.DataDirectory).SigningKey;
        return builder.AddParameter("signing-key", key, secret: true);
    }

    /// <summary>--reset empties the data directory before anything starts on it.</summary>
    public static void PrepareDataDirectory(this IDistributedApplicationBuilder builder, PlatformSettings settings)
    {
        if (settings.Reset && Directory.Exists(settings.DataDirectory))
        {
            Console.WriteLine($"--reset: deleting everything in {settings.DataDirectory}");
            Directory.Delete(settings.DataDirectory, recursive: true);
        }

        Directory.CreateDirectory(settings.DataDirectory);
    }
}
