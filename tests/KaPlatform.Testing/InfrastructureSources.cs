using DotNet.Testcontainers.Builders;
using KaPlatform.LocalInfra;
using Testcontainers.PostgreSql;
using Testcontainers.RabbitMq;

namespace KaPlatform.Testing;

internal interface IInfrastructureSource : IAsyncDisposable
{
    string PostgresAdmin { get; }
    string EventBus { get; }
    BrokerManagement Management();
}

internal static class InfrastructureSources
{
    public static async Task<IInfrastructureSource> StartAsync()
    {
        var postgres = Environment.GetEnvironmentVariable("KA_TEST_POSTGRES");
        var eventBus = Environment.GetEnvironmentVariable("KA_TEST_EVENTBUS");
        var management = Environment.GetEnvironmentVariable("KA_TEST_BROKER_MANAGEMENT");
        if (!string.IsNullOrEmpty(postgres) && !string.IsNullOrEmpty(eventBus) && !string.IsNullOrEmpty(management))
        {
            return new Given(postgres, eventBus, new Uri(management));
        }

        return await Containers.TryStartAsync() ?? await LocalBinaries.StartAsync();
    }

    /// <summary>Connection strings handed over by the environment; stopping them is not ours to do.</summary>
    private sealed record Given(string PostgresAdmin, string EventBus, Uri ManagementUri) : IInfrastructureSource
    {
        public BrokerManagement Management() => new(ManagementUri, RabbitMqServer.User, RabbitMqServer.Password);
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    /// <summary>This machine's own PostgreSQL and RabbitMQ binaries, in a throwaway directory.</summary>
    private sealed class LocalBinaries(string root, PostgresServer postgres, RabbitMqServer broker) : IInfrastructureSource
    {
        public string PostgresAdmin => postgres.ConnectionString();
        public string EventBus => broker.ConnectionString();
        public BrokerManagement Management() => broker.Management();

        public static async Task<IInfrastructureSource> StartAsync()
        {
            var root = Path.Combine(Path.GetTempPath(), "ka-tests-" + Guid.NewGuid().ToString("N")[..8]);
            var postgres = PostgresServer.StartAsync(Path.Combine(root, "postgres"), FreePort.Next(), fast: true);
            var broker = RabbitMqServer.StartAsync(Path.Combine(root, "rabbitmq"), FreePort.Next(), FreePort.Next(), FreePort.Next(), FreePort.Next());
            return new LocalBinaries(root, await postgres, await broker);
        }

        public async ValueTask DisposeAsync()
        {
            await broker.DisposeAsync();
            await postgres.DisposeAsync();
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>Testcontainers, where a Docker engine answers (it fails within milliseconds where none does).</summary>
    private sealed class Containers(PostgreSqlContainer postgres, RabbitMqContainer broker) : IInfrastructureSource
    {
        private const int ManagementPort = 15672;

        public string PostgresAdmin => postgres.GetConnectionString();
        public string EventBus => broker.GetConnectionString();

        public BrokerManagement Management() =>
            new(new Uri($"http://{broker.Hostname}:{broker.GetMappedPublicPort(ManagementPort)}/"), RabbitMqServer.User, RabbitMqServer.Password);

        public static async Task<IInfrastructureSource?> TryStartAsync()
        {
            PostgreSqlContainer postgres;
            RabbitMqContainer broker;
            try
            {
                postgres = new PostgreSqlBuilder("postgres:16-alpine").WithCommand("-c", "fsync=off").Build();
                broker = new RabbitMqBuilder("rabbitmq:3.13-management")
                    .WithUsername(RabbitMqServer.User).WithPassword(RabbitMqServer.Password)
                    .WithPortBinding(ManagementPort, assignRandomHostPort: true).Build();
            }
            catch (DockerUnavailableException)
            {
                return null;
            }

            await Task.WhenAll(postgres.StartAsync(), broker.StartAsync());
            return new Containers(postgres, broker);
        }

        public async ValueTask DisposeAsync()
        {
            await broker.DisposeAsync();
            await postgres.DisposeAsync();
        }
    }
}
