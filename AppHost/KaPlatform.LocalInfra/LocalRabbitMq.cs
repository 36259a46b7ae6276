using System.Net.Http.Headers;
using System.Text;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace KaPlatform.LocalInfra;

/// <summary>
/// A RabbitMQ node in a directory of our own, run from the machine's binaries by Aspire's orchestrator, with its own
/// epmd as a child process. The management plugin is on: SREs get its UI locally, and tests create a virtual host
/// per fixture through its HTTP API. A restart on the same directory keeps durable queues and persistent messages.
/// </summary>
public sealed class LocalRabbitMqResource(string name, string root) : ExecutableResource(name, "bash", root), IResourceWithConnectionString
{
    public const string User = "ka";
    public const string Password = "ka";
    internal const string AmqpEndpointName = "tcp";
    internal const string ManagementEndpointName = "management";
    internal const string DistributionEndpointName = "dist";
    internal const string EpmdEndpointName = "epmd";

    public string Root { get; } = root;
    public EndpointReference Amqp => new(this, AmqpEndpointName);
    public EndpointReference Management => new(this, ManagementEndpointName);

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"amqp://{User}:{Password}@{Amqp.Property(EndpointProperty.Host)}:{Amqp.Property(EndpointProperty.Port)}");
}

public static class LocalRabbitMqExtensions
{
    /// <summary>Not /usr/sbin/rabbitmq-server, which switches to the rabbitmq user.</summary>
    internal const string BinDir = "/usr/lib/rabbitmq/bin";

    public static IResourceBuilder<LocalRabbitMqResource> AddLocalRabbitMq(this IDistributedApplicationBuilder builder, string name, string root)
    {
        if (!File.Exists(Path.Combine(BinDir, "rabbitmq-server")))
        {
            throw new InvalidOperationException($"RabbitMQ not found in {BinDir}: apt-get install rabbitmq-server (AppHost/install-prerequisites.sh).");
        }

        var rabbit = new LocalRabbitMqResource(name, root);
        var healthKey = $"{name}_check";
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(healthKey,
            _ => new AlivenessCheck(rabbit), failureStatus: null, tags: null));

        return builder.AddResource(rabbit)
            .WithEndpoint(LocalRabbitMqResource.AmqpEndpointName, e => { e.UriScheme = "amqp"; e.Transport = "tcp"; FreePort.ListenDirectly(e); })
            .WithHttpEndpoint(name: LocalRabbitMqResource.ManagementEndpointName)
            // Erlang distribution (rabbitmqctl): its default is the AMQP port + 20000, off the end of the range for a
            // high ephemeral AMQP port, so it gets a port of its own.
            .WithEndpoint(LocalRabbitMqResource.DistributionEndpointName, e => { e.UriScheme = "tcp"; e.Transport = "tcp"; })
            .WithEndpoint(LocalRabbitMqResource.EpmdEndpointName, e => { e.UriScheme = "tcp"; e.Transport = "tcp"; })
            .WithArgs("-c", Supervisor)
            .WithEnvironment(context =>
            {
                var env = context.EnvironmentVariables;
                env["HOME"] = Path.Combine(root, "home");
                // One name per data directory (each node has its own epmd), so a restart on new ports finds its old state.
                env["RABBITMQ_NODENAME"] = "ka@localhost";
                env["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1";
                env["RABBITMQ_NODE_PORT"] = rabbit.Amqp.Property(EndpointProperty.TargetPort);
                env["RABBITMQ_DIST_PORT"] = new EndpointReference(rabbit, LocalRabbitMqResource.DistributionEndpointName).Property(EndpointProperty.TargetPort);
                // Every Erlang program of this node (and any CLI call) must find this epmd, or it silently starts another on 4369.
                env["ERL_EPMD_PORT"] = new EndpointReference(rabbit, LocalRabbitMqResource.EpmdEndpointName).Property(EndpointProperty.TargetPort);
                env["ERL_EPMD_ADDRESS"] = "127.0.0.1";
                env["RABBITMQ_MNESIA_BASE"] = Path.Combine(root, "mnesia");
                env["RABBITMQ_LOG_BASE"] = Path.Combine(root, "log");
                env["RABBITMQ_PID_FILE"] = Path.Combine(root, "rabbit.pid");
                env["RABBITMQ_CONFIG_FILE"] = Path.Combine(root, "rabbitmq.conf");
                env["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(root, "enabled_plugins");
                // The management port is only known once allocated, so it goes on the command line, not in the file.
                env["RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS"] = ReferenceExpression.Create(
                    $"-kernel inet_dist_use_interface {{127,0,0,1}} -rabbitmq_management tcp_config [{{ip,\"127.0.0.1\"}},{{port,{rabbit.Management.Property(EndpointProperty.TargetPort)}}}]");
            })
            .OnBeforeResourceStarted((r, _, _) => WriteConfiguration(r))
            .WithHealthCheck(healthKey);
    }

    /// <summary>
    /// Our own epmd in the foreground, then the node; a stop signal stops the node, then epmd. Started by the node
    /// instead, epmd would be an `epmd -daemon` nobody owns, outliving the node and the AppHost. (The orchestrator
    /// only fills in a resource's own ports, so epmd cannot be a resource of its own that the node points at.)
    /// </summary>
    private const string Supervisor = $$"""
        epmd -port "$ERL_EPMD_PORT" -address 127.0.0.1 & epmd=$!
        {{BinDir}}/rabbitmq-server & node=$!
        trap 'kill -TERM $node 2>/dev/null' TERM INT HUP
        wait $node; status=$?
        if kill -0 $node 2>/dev/null; then wait $node; status=$?; fi
        kill -TERM $epmd 2>/dev/null; wait $epmd
        exit $status
        """;

    private static Task WriteConfiguration(LocalRabbitMqResource rabbit)
    {
        var home = Path.Combine(rabbit.Root, "home");
        Directory.CreateDirectory(home);
        Directory.CreateDirectory(Path.Combine(rabbit.Root, "log"));
        var cookie = Path.Combine(home, ".erlang.cookie");
        if (!File.Exists(cookie))
        {
            File.WriteAllText(cookie, Guid.NewGuid().ToString("N"));
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(cookie, UnixFileMode.UserRead); // Erlang refuses a cookie others can read
            }
        }

        File.WriteAllText(Path.Combine(rabbit.Root, "rabbitmq.conf"), $"""
            loopback_users = none
            default_user = {LocalRabbitMqResource.User}
            default_pass = {LocalRabbitMqResource.Password}
            disk_free_limit.absolute = 50MB
            """);
        File.WriteAllText(Path.Combine(rabbit.Root, "enabled_plugins"), "[rabbitmq_management].");
        return Task.CompletedTask;
    }

    /// <summary>
    /// The management API's aliveness test declares and uses a queue: it proves the node serves AMQP work, which a
    /// listening port (always open on the orchestrator's proxy) does not.
    /// </summary>
    private sealed class AlivenessCheck(LocalRabbitMqResource rabbit) : IHealthCheck
    {
        private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(3) };

        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                var url = new Uri(new Uri(rabbit.Management.Url), "api/aliveness-test/%2F");
                using var request = new HttpRequestMessage(HttpMethod.Get, url);
                request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
                    Convert.ToBase64String(Encoding.UTF8.GetBytes($"{LocalRabbitMqResource.User}:{LocalRabbitMqResource.Password}")));
                using var response = await Http.SendAsync(request, cancellationToken);
                return response.IsSuccessStatusCode
                    ? HealthCheckResult.Healthy()
                    : HealthCheckResult.Unhealthy($"management API answered {(int)response.StatusCode}");
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or InvalidOperationException)
            {
                return HealthCheckResult.Unhealthy("not up yet", ex);
            }
        }
    }
}
