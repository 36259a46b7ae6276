using System.Net.Http.Headers;
using System.Net.Http.Json;
using KaPlatform.LocalInfra;
using Xunit;

namespace KaPlatform.Testing;

/// <summary>
/// The whole platform as separate processes — four services and the gateway — on the run's real PostgreSQL and a
/// fresh RabbitMQ virtual host, started once for the test assembly that uses it as its assembly fixture. Process
/// output goes to a log file named on failure.
/// </summary>
public class PlatformFixture : IAsyncLifetime
{
    private readonly Infrastructure infrastructure = new();
    private StreamWriter? log;

    public LocalPlatform Platform { get; private set; } = null!;
    public HttpClient Gateway { get; private set; } = null!;
    public string LogPath { get; } = Path.Combine(Path.GetTempPath(), $"ka-e2e-{Guid.NewGuid():N}.log");

    public async ValueTask InitializeAsync()
    {
        await infrastructure.InitializeAsync();
        log = new StreamWriter(LogPath) { AutoFlush = true };
        var eventBus = await infrastructure.CreateEventBusAsync();
        var run = Guid.NewGuid().ToString("N")[..8];
        Platform = await LocalPlatform.StartAsync(new PlatformOptions
        {
            DataDirectory = Path.Combine(Path.GetTempPath(), "ka-e2e-" + run),
            // Test assemblies run side by side on the run's one PostgreSQL server: each platform gets its own databases.
            DatabaseNamePrefix = $"p{run}_",
            SigningKey = TestTokens.SigningKey,
            ExternalPostgres = infrastructure.PostgresAdmin,
            ExternalEventBus = eventBus,
            DevTokens = true,
            Output = (name, line) => { lock (log) { log.WriteLine($"[{name}] {line}"); } },
            Environment = PlatformEnvironment,
        });
        Gateway = new HttpClient { BaseAddress = new Uri(Platform.Endpoints.Gateway), Timeout = TimeSpan.FromSeconds(30) };
        await OnStartedAsync();
    }

    /// <summary>Extra variables for every process of the platform.</summary>
    protected virtual IReadOnlyDictionary<string, string> PlatformEnvironment { get; } = new Dictionary<string, string>();

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

    public virtual async ValueTask DisposeAsync()
    {
        Gateway?.Dispose();
        if (Platform is not null)
        {
            await Platform.DisposeAsync();
        }

        await infrastructure.DisposeAsync();
        log?.Dispose();
    }

    private sealed record TokenResponse(string AccessToken);
}
