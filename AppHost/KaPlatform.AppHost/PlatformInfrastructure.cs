using System.Diagnostics;
using KaPlatform.LocalInfra;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace KaPlatform.AppHost;

/// <summary>The PostgreSQL server and the broker the services use, and whether they are ours to wait for.</summary>
internal sealed record PlatformInfrastructure(
    IResourceBuilder<IResourceWithConnectionString> Postgres,
    IResourceBuilder<IResourceWithConnectionString> EventBus,
    bool EventBusIsOurs,
    EndpointReference? BrokerManagement);

internal static class PlatformInfrastructureExtensions
{
    public static PlatformInfrastructure AddInfrastructure(this IDistributedApplicationBuilder builder, PlatformSettings settings)
    {
        var containers = settings.Containers && (settings.ExternalPostgres is null || settings.ExternalEventBus is null) && ContainerEngineAnswers();
        if (settings.Containers && !containers)
        {
            Console.Error.WriteLine("--containers: no container engine answers (docker info); running PostgreSQL and RabbitMQ from this machine's binaries instead.");
        }

        IResourceBuilder<IResourceWithConnectionString> postgres = settings.ExternalPostgres is not null
            ? builder.AddConnectionString("postgres")
            : containers
                ? builder.AddPostgres("postgres").WithOwnImage(PostgresImage).WithDataVolume(VolumeName(settings, "postgres"))
                    .WithArgs([.. PostgresServer.Settings(fast: false).SelectMany(setting => new[] { "-c", setting })])
                : builder.AddLocalPostgres("postgres", Path.Combine(settings.DataDirectory, "postgres"), extraSettings: settings.PostgresSettings);

        if (settings.ExternalEventBus is not null)
        {
            return new(postgres, builder.AddConnectionString("eventbus"), false, null);
        }

        if (containers)
        {
            // Our image always carries the management plugin (deploy/images/rabbitmq); WithManagementPlugin would swap the tag.
            var container = builder.AddRabbitMQ("eventbus").WithOwnImage(BrokerImage).WithDataVolume(VolumeName(settings, "rabbitmq"))
                .WithHttpEndpoint(targetPort: 15672, name: "management");
            return new(postgres, container, true, container.GetEndpoint("management"));
        }

        var local = builder.AddLocalRabbitMq("eventbus", Path.Combine(settings.DataDirectory, "rabbitmq"));
        return new(postgres, local, true, local.Resource.Management);
    }

    /// <summary>
    /// One service's database on the server: created when first checked (on a server we started or one we were
    /// given), healthy once it accepts a query. Services wait for it, never for the server itself.
    /// </summary>
    public static IResourceBuilder<ConnectionStringResource> AddKaDatabase(this IDistributedApplicationBuilder builder, string name, PlatformInfrastructure infrastructure, PlatformSettings settings)
    {
        var server = infrastructure.Postgres.Resource;
        var databaseName = settings.DatabasePrefix + name;
        var healthKey = $"{name}_check";
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(healthKey,
            _ => new DatabaseCheck(server, databaseName), failureStatus: null, tags: null));
        return builder.AddConnectionString(name, ReferenceExpression.Create($"{server};Database={databaseName}"))
            .WithHealthCheck(healthKey);
    }

    // Built on this machine from Debian packages (deploy/images/build.sh): no registry image can be pulled here.
    private const string PostgresImage = "kaplatform/postgres:15";
    private const string BrokerImage = "kaplatform/rabbitmq:3.10";

    private static IResourceBuilder<T> WithOwnImage<T>(this IResourceBuilder<T> container, string image)
        where T : ContainerResource
    {
        var (name, tag) = (image[..image.IndexOf(':', StringComparison.Ordinal)], image[(image.IndexOf(':', StringComparison.Ordinal) + 1)..]);
        return container.WithImageRegistry(null).WithImage(name, tag).WithImagePullPolicy(ImagePullPolicy.Never);
    }

    /// <summary>A named volume per data directory, so a restart finds its data and two data directories never share one.</summary>
    private static string VolumeName(PlatformSettings settings, string what) =>
        $"kaplatform-{what}-{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(settings.DataDirectory)))[..12]}";

    /// <summary>A container runtime that does not answer would leave container resources waiting forever.</summary>
    private static bool ContainerEngineAnswers()
    {
        var runtime = Environment.GetEnvironmentVariable("ASPIRE_CONTAINER_RUNTIME") is { Length: > 0 } configured ? configured : "docker";
        try
        {
            using var probe = Process.Start(new ProcessStartInfo(runtime, ["info", "--format", "{{.ServerVersion}}"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            });
            if (probe is null)
            {
                return false;
            }

            if (!probe.WaitForExit(TimeSpan.FromSeconds(5)))
            {
                probe.Kill(entireProcessTree: true);
                return false;
            }

            return probe.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false; // not installed
        }
    }

    private sealed class DatabaseCheck(IResourceWithConnectionString server, string databaseName) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                var admin = new NpgsqlConnectionStringBuilder(await server.GetConnectionStringAsync(cancellationToken)) { Database = "postgres", Pooling = false, Timeout = 3 };
                await using var connection = new NpgsqlConnection(admin.ConnectionString);
                await connection.OpenAsync(cancellationToken);
                await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection) { Parameters = { new() { Value = databaseName } } };
                if (await exists.ExecuteScalarAsync(cancellationToken) is null)
                {
                    await using var create = new NpgsqlCommand($"CREATE DATABASE \"{databaseName}\"", connection);
                    await create.ExecuteNonQueryAsync(cancellationToken);
                }

                return HealthCheckResult.Healthy();
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException or IOException or InvalidOperationException)
            {
                return HealthCheckResult.Unhealthy($"database {databaseName} not ready", ex);
            }
        }
    }
}
