using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace KaPlatform.Testing;

/// <summary>
/// One service in-process (TestServer) on its own fresh database and RabbitMQ virtual host, configured as the
/// AppHost would configure it. Start with <see cref="StartAsync"/>: it returns once /health (database and bus) is green,
/// so the service's queues are bound before a test publishes.
/// </summary>
public sealed class ServiceFactory<TEntryPoint> : WebApplicationFactory<TEntryPoint> where TEntryPoint : class
{
    private readonly Dictionary<string, string?> settings;

    private ServiceFactory(Dictionary<string, string?> settings, string database, string eventBus)
    {
        this.settings = settings;
        DatabaseConnectionString = database;
        EventBusConnectionString = eventBus;
    }

    public string DatabaseConnectionString { get; }
    public string EventBusConnectionString { get; }

    /// <param name="databaseName">The service's connection-string name, e.g. "accountsdb".</param>
    /// <param name="eventBus">Share a virtual host between services of one test; a fresh one when null.</param>
    /// <param name="database">Another instance on this database (a second replica, a restart with other settings); a fresh one when null.</param>
    public static async Task<ServiceFactory<TEntryPoint>> StartAsync(
        InfrastructureFixture infrastructure, string databaseName, IReadOnlyDictionary<string, string?>? extra = null, string? eventBus = null,
        string? database = null)
    {
        database ??= await infrastructure.CreateDatabaseAsync(databaseName);
        eventBus ??= await infrastructure.CreateEventBusAsync();
        var settings = new Dictionary<string, string?>
        {
            [$"ConnectionStrings:{databaseName}"] = database,
            ["ConnectionStrings:eventbus"] = eventBus,
            ["Auth:SigningKey"] = TestTokens.SigningKey,
            ["Messaging:RetryIntervalsMs"] = "20,50",
            ["Messaging:Outbox:PollInterval"] = "00:00:01",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var factory = new ServiceFactory<TEntryPoint>(settings, database, eventBus);
        using var probe = factory.CreateClient();
        await Eventually.TrueAsync(async () => (await probe.GetAsync("/health")).IsSuccessStatusCode, TimeSpan.FromSeconds(60), "service healthy");
        return factory;
    }

    /// <summary>A client carrying a token for this user, role and region.</summary>
    public HttpClient ClientFor(Guid userId, string role, string? region = null)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.For(userId, role, region));
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
    }
}
