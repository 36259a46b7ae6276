using KaPlatform.LocalInfra;
using KaPlatform.TestInfrastructure;
using Npgsql;
using Xunit;

namespace KaPlatform.Testing;

/// <summary>
/// Real PostgreSQL and RabbitMQ for a test assembly (register with [assembly: AssemblyFixture(typeof(InfrastructureFixture))]).
/// Where they come from, in order: the environment (KA_TEST_POSTGRES, KA_TEST_EVENTBUS, KA_TEST_BROKER_MANAGEMENT —
/// tests/run.sh starts one pair for the whole run), Testcontainers when a Docker engine answers, or this machine's
/// binaries. Tests never share data: each asks for its own database and virtual host.
/// </summary>
public sealed class InfrastructureFixture : IAsyncLifetime
{
    private IInfrastructureSource source = null!;

    public string PostgresAdmin => source.PostgresAdmin;

    public async ValueTask InitializeAsync() => source = await InfrastructureSources.StartAsync();

    public async ValueTask DisposeAsync() => await source.DisposeAsync();

    /// <summary>A new empty database; answers its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string purpose = "t")
    {
        var name = $"{purpose}_{Guid.NewGuid():N}".ToLowerInvariant();
        await using var admin = new NpgsqlConnection(PostgresAdmin);
        await admin.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
        await create.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(PostgresAdmin) { Database = name }.ConnectionString;
    }

    /// <summary>A new empty virtual host; answers its amqp:// URI. Keeps one test's exchanges and queues from another's.</summary>
    public async Task<string> CreateEventBusAsync()
    {
        var vhost = "t-" + Guid.NewGuid().ToString("N")[..12];
        using var management = source.Management();
        await management.CreateVirtualHostAsync(vhost);
        var uri = new UriBuilder(source.EventBus) { Path = "/" + Uri.EscapeDataString(vhost) };
        return uri.Uri.ToString();
    }

    public BrokerManagement Management() => source.Management();
}
