using System.Diagnostics;

namespace KaPlatform.LocalInfra;

/// <summary>
/// A RabbitMQ node in a directory of our own, with its own epmd, started from the machine's binaries. The management
/// plugin is on: SREs get its UI locally, and tests create a virtual host per fixture through its HTTP API.
/// Stopping and starting again on the same directory keeps durable queues and persistent messages.
/// </summary>
public sealed class RabbitMqServer : IAsyncDisposable
{
    public const string User = "ka";
    public const string Password = "ka";
    private const string BinDir = "/usr/lib/rabbitmq/bin";

    private readonly string root;
    private readonly Dictionary<string, string> env;
    private Process? epmd;
    private Process? server;

    private RabbitMqServer(string root, int amqpPort, int managementPort, int distPort, int epmdPort)
    {
        this.root = root;
        AmqpPort = amqpPort;
        ManagementPort = managementPort;
        env = new Dictionary<string, string>
        {
            ["HOME"] = Path.Combine(root, "home"),
            // One name per data directory (each node has its own epmd), so a restart on new ports finds its old state.
            ["RABBITMQ_NODENAME"] = "ka@localhost",
            ["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1",
            ["RABBITMQ_NODE_PORT"] = amqpPort.ToString(),
            ["RABBITMQ_DIST_PORT"] = distPort.ToString(),
            ["ERL_EPMD_PORT"] = epmdPort.ToString(),
            ["ERL_EPMD_ADDRESS"] = "127.0.0.1",
            ["RABBITMQ_MNESIA_BASE"] = Path.Combine(root, "mnesia"),
            ["RABBITMQ_LOG_BASE"] = Path.Combine(root, "log"),
            ["RABBITMQ_PID_FILE"] = Path.Combine(root, "rabbit.pid"),
            ["RABBITMQ_CONFIG_FILE"] = Path.Combine(root, "rabbitmq.conf"),
            ["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(root, "enabled_plugins"),
            ["RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS"] = "-kernel inet_dist_use_interface {127,0,0,1}",
        };
        EpmdPort = epmdPort;
    }

    public int AmqpPort { get; }
    public int ManagementPort { get; }
    public int EpmdPort { get; }

    public string ConnectionString(string virtualHost = "/") =>
        $"amqp://{User}:{Password}@127.0.0.1:{AmqpPort}/{Uri.EscapeDataString(virtualHost)}";

    public string ManagementUrl => $"http://127.0.0.1:{ManagementPort}/";

    public static async Task<RabbitMqServer> StartAsync(string root, int amqpPort, int managementPort, int distPort, int epmdPort, CancellationToken cancellationToken = default)
    {
        var rabbit = new RabbitMqServer(root, amqpPort, managementPort, distPort, epmdPort);
        try
        {
            await rabbit.StartAsync(cancellationToken);
            return rabbit;
        }
        catch
        {
            // Cancelled or timed out while waiting: epmd and the node are running, and nobody else holds this instance.
            await rabbit.StopAsync();
            throw;
        }
    }

    /// <summary>Starts (or restarts after <see cref="StopAsync"/>) the node and waits until its HTTP API answers.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (!File.Exists(Path.Combine(BinDir, "rabbitmq-server")))
        {
            throw new InvalidOperationException("RabbitMQ not found in /usr/lib/rabbitmq/bin: apt-get install rabbitmq-server.");
        }

        WriteConfiguration();
        epmd = StartOwned("epmd", ["-port", EpmdPort.ToString(), "-address", "127.0.0.1"], "epmd.log");
        server = StartOwned(Path.Combine(BinDir, "rabbitmq-server"), [], "rabbitmq.out.log");
        await WaitUntilReadyAsync(TimeSpan.FromSeconds(90), cancellationToken);
    }

    public async Task StopAsync()
    {
        if (server is { HasExited: false })
        {
            try
            {
                // `rabbitmqctl stop PIDFILE` waits forever for a pid file that does not exist (a node still booting).
                if (!File.Exists(env["RABBITMQ_PID_FILE"]))
                {
                    throw new InvalidOperationException("no pid file yet");
                }

                await Shell.RunAsync(Path.Combine(BinDir, "rabbitmqctl"), ["stop", env["RABBITMQ_PID_FILE"]], env);
            }
            catch (InvalidOperationException)
            {
                server.Kill(entireProcessTree: true);
            }

            await server.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }

        if (epmd is { HasExited: false })
        {
            epmd.Kill();
            await epmd.WaitForExitAsync();
        }

        server = null;
        epmd = null;
    }

    /// <summary>A fresh, empty virtual host with full rights for our user; answers its amqp:// URI.</summary>
    public async Task<string> CreateVirtualHostAsync(string name, CancellationToken cancellationToken = default)
    {
        using var management = Management();
        await management.CreateVirtualHostAsync(name, cancellationToken);
        return ConnectionString(name);
    }

    public BrokerManagement Management() => new(new Uri(ManagementUrl), User, Password);

    public async ValueTask DisposeAsync() => await StopAsync();

    private void WriteConfiguration()
    {
        Directory.CreateDirectory(env["HOME"]);
        Directory.CreateDirectory(env["RABBITMQ_LOG_BASE"]);
        var cookie = Path.Combine(env["HOME"], ".erlang.cookie");
        if (!File.Exists(cookie))
        {
            File.WriteAllText(cookie, Guid.NewGuid().ToString("N"));
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(cookie, UnixFileMode.UserRead);
            }
        }

        File.WriteAllText(env["RABBITMQ_CONFIG_FILE"], $"""
            listeners.tcp.default = 127.0.0.1:{AmqpPort}
            loopback_users = none
            default_user = {User}
            default_pass = {Password}
            disk_free_limit.absolute = 50MB
            management.tcp.ip = 127.0.0.1
            management.tcp.port = {ManagementPort}
            """);
        File.WriteAllText(env["RABBITMQ_ENABLED_PLUGINS_FILE"], "[rabbitmq_management].");
    }

    private Process StartOwned(string file, IEnumerable<string> args, string logName)
    {
        // Through setsid (same PID: our child is no group leader, so it does not fork): a Ctrl+C in the terminal goes
        // to the whole foreground process group, and would kill epmd and stop the node behind StopAsync's back
        // (rabbitmqctl then starts a stray `epmd -daemon` and waits forever for the vanished pid file).
        var info = new ProcessStartInfo("setsid") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(file);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in env)
        {
            info.Environment[key] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {file}");
        var log = new StreamWriter(Path.Combine(root, logName), append: true) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (log) { log.WriteLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (log) { log.WriteLine(e.Data); } } };
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => { lock (log) { log.Dispose(); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private async Task WaitUntilReadyAsync(TimeSpan limit, CancellationToken cancellationToken)
    {
        using var management = Management();
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < limit)
        {
            if (server is { HasExited: true })
            {
                throw new InvalidOperationException($"rabbitmq-server exited with {server.ExitCode}; see {root}/rabbitmq.out.log");
            }

            if (await management.IsUpAsync(cancellationToken) && FreePort.IsListening(AmqpPort))
            {
                return;
            }

            await Task.Delay(200, cancellationToken);
        }

        throw new TimeoutException($"RabbitMQ did not become ready within {limit.TotalSeconds} s; see {root}/log");
    }
}
