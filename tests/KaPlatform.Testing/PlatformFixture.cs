using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using KaPlatform.LocalInfra;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace KaPlatform.Testing;

/// <summary>
/// The whole platform — four services and the gateway — started by the real AppHost through Aspire.Hosting.Testing,
/// once for the test assembly that uses it as its assembly fixture, on the run's PostgreSQL (databases of its own,
/// by prefix) and a fresh RabbitMQ virtual host. Every resource's console output goes to a log file named on failure.
/// </summary>
public class PlatformFixture : IAsyncLifetime
{
    private readonly InfrastructureFixture infrastructure = new();
    private readonly ConcurrentDictionary<string, IReadOnlyDictionary<string, string>> overrides = new();
    private readonly ConcurrentDictionary<string, ResourceEvent> instances = new();
    private readonly CancellationTokenSource watching = new();
    private ResourceLogFile? log;

    private const string DashboardResource = "aspire-dashboard";

    public DistributedApplication App { get; private set; } = null!;
    public HttpClient Gateway { get; private set; } = null!;
    public string LogPath { get; } = Path.Combine(Path.GetTempPath(), $"ka-e2e-{Guid.NewGuid():N}.log");

    /// <summary>The dashboard's address and its telemetry API key, when <see cref="WithDashboard"/>.</summary>
    public Uri? Dashboard { get; private set; }
    public string DashboardApiKey { get; } = Guid.NewGuid().ToString("N");

    /// <summary>Extra settings for every project of the platform, as environment-style keys (Gateway__RateLimit__Burst).</summary>
    protected virtual IReadOnlyDictionary<string, string> PlatformEnvironment { get; } = new Dictionary<string, string>();

    /// <summary>
    /// The AppHost's entry point, loaded by name: the test projects that start it reference it, this library does not
    /// (see its csproj).
    /// </summary>
    protected virtual Type AppHost => System.Reflection.Assembly.Load("KaPlatform.AppHost").EntryPoint?.DeclaringType
        ?? throw new InvalidOperationException("KaPlatform.AppHost has no entry point");

    /// <summary>
    /// POST /api/dev/token on the gateway (shared-key tokens), as most tests use. Off: tokens come from an OpenID
    /// Connect provider — the one given as Auth__Authority in <see cref="PlatformEnvironment"/>, else the bundled one.
    /// </summary>
    protected virtual bool DevTokens => true;

    /// <summary>Instances of each service (the AppHost's --replicas).</summary>
    protected virtual int Replicas => 1;

    /// <summary>Start the Aspire dashboard too: its telemetry API is what the end-to-end trace test reads.</summary>
    protected virtual bool WithDashboard => true;

    public virtual async ValueTask InitializeAsync()
    {
        await infrastructure.InitializeAsync();
        var eventBus = await infrastructure.CreateEventBusAsync();
        var run = Guid.NewGuid().ToString("N")[..8];
        List<string> args =
        [
            $"--KaPlatform:DataDirectory={Path.Combine(Path.GetTempPath(), "ka-e2e-" + run)}",
            // Test assemblies run side by side on the run's one PostgreSQL server: each platform gets its own databases.
            $"--KaPlatform:DatabasePrefix=p{run}_",
            "--KaPlatform:GatewayPort=0",
            "--KaPlatform:Seed=none",
            $"--KaPlatform:DevTokens={(DevTokens ? "true" : "false")}",
            $"--KaPlatform:Replicas={Replicas}",
            $"--ConnectionStrings:postgres={infrastructure.PostgresAdmin}",
            $"--ConnectionStrings:eventbus={eventBus}",
            $"--Auth:SigningKey={TestTokens.SigningKey}",
        ];
        args.AddRange(PlatformEnvironment.Select(e => $"--{e.Key.Replace("__", ":", StringComparison.Ordinal)}={e.Value}"));
        if (WithDashboard)
        {
            // The testing builder picks the dashboard's ports itself; its address is read from the model once started.
            args.AddRange(["--ASPIRE_ALLOW_UNSECURED_TRANSPORT=true", $"--AppHost:DashboardApiKey={DashboardApiKey}"]);
        }

        // Generous: ten .NET processes starting at once on a busy 2-core machine were measured taking minutes.
        using var startup = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        var builder = await DistributedApplicationTestingBuilder.CreateAsync(
            AppHost, [.. args], (options, _) => options.DisableDashboard = !WithDashboard, startup.Token);
        log = new ResourceLogFile(LogPath);
        builder.Services.AddLogging(logging => logging.AddProvider(log));
        foreach (var project in builder.Resources.OfType<ProjectResource>())
        {
            // Re-evaluated at every start, so a test can restart one service with settings of its own (StartAsync).
            builder.CreateResourceBuilder(project).WithEnvironment(context =>
            {
                foreach (var (key, value) in overrides.GetValueOrDefault(project.Name) ?? new Dictionary<string, string>())
                {
                    context.EnvironmentVariables[key] = value;
                }
            });
        }

        App = await builder.BuildAsync(startup.Token);
        _ = WatchInstancesAsync();
        await App.StartAsync(startup.Token);
        // The AppHost's health check of the gateway insists on the gateway's own name, and the gateway's /health on each service's.
        await App.ResourceNotifications.WaitForResourceHealthyAsync("gateway", startup.Token);
        if (WithDashboard)
        {
            Dashboard = App.GetEndpoint(DashboardResource, "http");
        }

        Gateway = App.CreateHttpClient("gateway");
        Gateway.Timeout = TimeSpan.FromSeconds(30);
        await OnStartedAsync();
    }

    /// <summary>Runs once the platform is healthy (e.g. to seed data or open a browser).</summary>
    protected virtual Task OnStartedAsync() => Task.CompletedTask;

    /// <summary>A client through the gateway carrying a dev token, obtained from the gateway as a user would.</summary>
    public async Task<HttpClient> SignInAsync(Guid userId, string role, string? region = null)
    {
        using var response = await Gateway.PostAsJsonAsync("/api/dev/token", new { userId, name = $"{role} {userId:N}"[..20], roles = new[] { role }, region });
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<TokenResponse>())!.AccessToken;
        var client = new HttpClient { BaseAddress = Gateway.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>The base address of one service resource (through the orchestrator's proxy, which balances replicas).</summary>
    public Uri ServiceUrl(string resource) => App.GetEndpoint(resource, "http");

    /// <summary>A service's database (by the name the service knows it under, e.g. accountsdb).</summary>
    public async Task<string> DatabaseConnectionStringAsync(string database) =>
        await App.GetConnectionStringAsync(database) ?? throw new InvalidOperationException($"no connection string {database}");

    /// <summary>Stops every instance of a service the way the orchestrator does (SIGTERM), and waits until they are gone.</summary>
    public async Task StopAsync(string resource)
    {
        var result = await App.ResourceCommands.ExecuteCommandAsync(Resource(resource), KnownResourceCommands.StopCommand);
        Assert.True(result.Success, $"stop {resource}: {result.Message}");
        await App.ResourceNotifications.WaitForResourceAsync(resource, KnownResourceStates.TerminalStates);
    }

    /// <summary>Starts a stopped service again (with these settings on top, until the next start) and waits until it is healthy.</summary>
    public async Task StartAsync(string resource, IReadOnlyDictionary<string, string>? settings = null)
    {
        overrides[resource] = settings ?? new Dictionary<string, string>();
        var result = await App.ResourceCommands.ExecuteCommandAsync(Resource(resource), KnownResourceCommands.StartCommand);
        Assert.True(result.Success, $"start {resource}: {result.Message}");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await App.ResourceNotifications.WaitForResourceHealthyAsync(resource, timeout.Token);
    }

    /// <summary>SIGKILL to every instance of a service: nothing of its shutdown runs, as when a node dies.</summary>
    public async Task KillAsync(string resource)
    {
        foreach (var pid in ProcessIds(resource))
        {
            System.Diagnostics.Process.GetProcessById(pid).Kill(entireProcessTree: true);
        }

        await App.ResourceNotifications.WaitForResourceAsync(resource, KnownResourceStates.TerminalStates);
    }

    /// <summary>The process ids of a resource's running instances, as the orchestrator reports them.</summary>
    public IReadOnlyList<int> ProcessIds(string resource)
    {
        var pids = new List<int>();
        foreach (var state in instances.Values.Where(e => e.Resource.Name == resource && e.Snapshot.State?.Text == KnownResourceStates.Running).OrderBy(e => e.ResourceId))
        {
            pids.AddRange(state.Snapshot.Properties.Where(p => p.Name == "executable.pid" && p.Value is not null)
                .Select(p => Convert.ToInt32(p.Value, System.Globalization.CultureInfo.InvariantCulture)));
        }

        return pids;
    }

    /// <summary>The latest state of every instance (one per replica), as the orchestrator publishes them.</summary>
    private async Task WatchInstancesAsync()
    {
        try
        {
            await foreach (var update in App.ResourceNotifications.WatchAsync(watching.Token))
            {
                instances[update.ResourceId] = update;
            }
        }
        catch (OperationCanceledException)
        {
            // disposing
        }
    }

    private IResource Resource(string name) =>
        App.Services.GetRequiredService<DistributedApplicationModel>().Resources.Single(r => r.Name == name);

    public virtual async ValueTask DisposeAsync()
    {
        Gateway?.Dispose();
        await watching.CancelAsync();
        if (App is not null)
        {
            await App.StopAsync();
            await App.DisposeAsync();
        }

        await infrastructure.DisposeAsync();
        log?.Dispose();
    }

    private sealed record TokenResponse(string AccessToken);
}
