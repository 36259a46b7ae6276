using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Docker.DotNet;
using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Configurations;
using KaPlatform.LocalInfra;
using Testcontainers.PostgreSql;
using Testcontainers.RabbitMq;

namespace KaPlatform.TestInfrastructure;

/// <summary>A PostgreSQL server and a RabbitMQ broker for tests; disposing stops what was started for it, nothing else.</summary>
public interface IInfrastructureSource : IAsyncDisposable
{
    string PostgresAdmin { get; }
    string EventBus { get; }
    Uri ManagementUri { get; }

    BrokerManagement Management() => new(ManagementUri, RabbitMqServer.User, RabbitMqServer.Password);
}

public static class InfrastructureSources
{
    /// <summary>
    /// In order: connection strings given by the environment (tests/run.sh), Testcontainers with our images where a
    /// Docker engine answers, this machine's binaries. Prints the path taken as "test infrastructure: ...".
    /// </summary>
    public static async Task<IInfrastructureSource> StartAsync()
    {
        var postgres = Environment.GetEnvironmentVariable("KA_TEST_POSTGRES");
        var eventBus = Environment.GetEnvironmentVariable("KA_TEST_EVENTBUS");
        var management = Environment.GetEnvironmentVariable("KA_TEST_BROKER_MANAGEMENT");
        if (!string.IsNullOrEmpty(postgres) && !string.IsNullOrEmpty(eventBus) && !string.IsNullOrEmpty(management))
        {
            Report("given by the environment (KA_TEST_POSTGRES, KA_TEST_EVENTBUS)");
            return new Given(postgres, eventBus, new Uri(management));
        }

        var containers = await Containers.TryStartAsync();
        if (containers is not null)
        {
            Report($"Testcontainers ({Containers.PostgresImage}, {Containers.BrokerImage})");
            return containers;
        }

        Report("local PostgreSQL and RabbitMQ binaries");
        return await LocalBinaries.StartAsync();
    }

    /// <summary>Says which path the run took (standard output and error: a test runner may keep only one).</summary>
    private static void Report(string path)
    {
        var line = $"test infrastructure: {path}";
        Console.WriteLine(line);
        Console.Error.WriteLine(line);
    }

    /// <summary>Connection strings handed over by the environment; stopping them is not ours to do.</summary>
    private sealed record Given(string PostgresAdmin, string EventBus, Uri ManagementUri) : IInfrastructureSource
    {
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    /// <summary>This machine's own PostgreSQL and RabbitMQ binaries, in a throwaway directory.</summary>
    private sealed class LocalBinaries(string root, PostgresServer postgres, RabbitMqServer broker) : IInfrastructureSource
    {
        public string PostgresAdmin => postgres.ConnectionString();
        public string EventBus => broker.ConnectionString();
        public Uri ManagementUri => new(broker.ManagementUrl);

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

    /// <summary>
    /// Testcontainers with our own images (deploy/images/build.sh: no registry image can be pulled here), where a
    /// Docker engine answers; it fails within milliseconds where none does. An engine without our images, or one
    /// whose containers do not start, falls back to the local binaries with the reason printed.
    /// </summary>
    private sealed class Containers(PostgreSqlContainer postgres, RabbitMqContainer broker) : IInfrastructureSource
    {
        public const string PostgresImage = "kaplatform/postgres:15";
        public const string BrokerImage = "kaplatform/rabbitmq:3.10";
        private const int ManagementPort = 15672;
        // Docker's default /dev/shm is 64 MB; PostgreSQL's parallel queries take their shared memory from it.
        private const long SharedMemoryBytes = 256L * 1024 * 1024;

        public string PostgresAdmin => postgres.GetConnectionString();
        public string EventBus => broker.GetConnectionString();

        public Uri ManagementUri => new($"http://{broker.Hostname}:{broker.GetMappedPublicPort(ManagementPort)}/");

        public static async Task<IInfrastructureSource?> TryStartAsync()
        {
            PostgreSqlContainer postgres;
            RabbitMqContainer broker;
            // Before Testcontainers reads its settings: it speaks Docker API 1.44 unless told otherwise.
            if (!await PinDockerApiVersionAsync())
            {
                return null;
            }

            // Ryuk, the reaper of leftover containers, is a registry image too; the fixture disposes its own.
            TestcontainersSettings.ResourceReaperEnabled = false;
            // Inside a container Testcontainers would aim at the bridge gateway (172.17.0.1); our ports are published
            // on 127.0.0.1 (deploy/ci-containers.sh runs dockerd --ip 127.0.0.1) and nothing may go to the bridge.
            if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOCKER_HOST")) && string.IsNullOrEmpty(TestcontainersSettings.DockerHostOverride))
            {
                TestcontainersSettings.DockerHostOverride = "127.0.0.1";
            }
            try
            {
                // The same server settings as the local binaries (PostgresServer, fast): the suite opens a database per
                // test and many pooled connections, more than the default max_connections of 100 allows.
                postgres = new PostgreSqlBuilder(PostgresImage).WithImagePullPolicy(_ => false)
                    .WithEnvironment("POSTGRES_INITDB_ARGS", "--no-sync")
                    .WithCommand([.. PostgresServer.Settings(fast: true).SelectMany(setting => new[] { "-c", setting })])
                    .WithCreateParameterModifier(create => (create.HostConfig ??= new()).ShmSize = SharedMemoryBytes)
                    .Build();
                broker = new RabbitMqBuilder(BrokerImage).WithImagePullPolicy(_ => false)
                    .WithUsername(RabbitMqServer.User).WithPassword(RabbitMqServer.Password)
                    .WithPortBinding(ManagementPort, assignRandomHostPort: true).Build();
            }
            catch (DockerUnavailableException)
            {
                return null;
            }

            try
            {
                await Task.WhenAll(postgres.StartAsync(), broker.StartAsync());
            }
            catch (Exception ex) when (ex is DockerApiException or TimeoutException or InvalidOperationException)
            {
                Report($"Docker answers but {PostgresImage} / {BrokerImage} did not start ({ex.GetType().Name}: {ex.Message.Split('\n')[0]})");
                await broker.DisposeAsync();
                await postgres.DisposeAsync();
                return null;
            }

            return new Containers(postgres, broker);
        }

        /// <summary>
        /// Debian's docker.io (20.10) answers API 1.41 at most and refuses Testcontainers' default 1.44, while Docker 29
        /// refuses anything older than 1.44: so ask the engine (GET /version needs no version) and use its own.
        /// </summary>
        /// <returns>False when the engine is there but too slow to use.</returns>
        private static async Task<bool> PinDockerApiVersionAsync()
        {
            const string socketPath = "/var/run/docker.sock";
            if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOCKER_API_VERSION")) || !File.Exists(socketPath))
            {
                return true;
            }

            using var http = new HttpClient(new SocketsHttpHandler
            {
                ConnectCallback = async (_, cancellationToken) =>
                {
                    var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                },
            })
            { Timeout = TimeSpan.FromSeconds(60) }; // a live engine on a loaded machine took more than 5 s (measured)
            try
            {
                var version = await http.GetFromJsonAsync<JsonElement>("http://docker/version");
                Environment.SetEnvironmentVariable("DOCKER_API_VERSION", version.GetProperty("ApiVersion").GetString());
                return true;
            }
            catch (HttpRequestException ex)
            {
                // A socket nobody answers on: Testcontainers then reports the engine unavailable, and we use binaries.
                Report($"the Docker socket does not answer ({ex.Message})");
                return true;
            }
            catch (TaskCanceledException)
            {
                // An engine this slow would fail the containers' own start-up: take the binaries instead.
                Report("the Docker engine did not answer GET /version within 60 s");
                return false;
            }
        }

        public async ValueTask DisposeAsync()
        {
            await broker.DisposeAsync();
            await postgres.DisposeAsync();
        }
    }
}
