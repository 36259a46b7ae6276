using System.Diagnostics;
using KaPlatform.AppHost.Seed;
using KaPlatform.DemoData;
using KaPlatform.LocalInfra;

namespace KaPlatform.AppHost;

/// <summary>One run: take the data directory, start the platform, show where it is, seed, wait for a signal, stop.</summary>
internal static class Launcher
{
    public static async Task<int> RunAsync(AppHostOptions options, ShutdownSignal shutdown, ConsoleLog log, Stopwatch clock)
    {
        var data = options.DataDirectory;
        using var dataLock = DataDirectoryLock.TryAcquire(data, out var holder);
        if (dataLock is null)
        {
            log.Error($"Another AppHost (pid {holder}) is already running on {data}. Stop it first, or pass another --data directory.");
            return ExitCodes.AlreadyRunning;
        }

        if (options.Reset)
        {
            log.Info($"--reset: deleting everything in {data}");
            dataLock.Clear(data);
        }

        // Before anything starts: otherwise this surfaces a minute later as a gateway crash among pages of output.
        if (options.GatewayPort != 0 && FreePort.IsListening(options.GatewayPort))
        {
            log.Error($"Port {options.GatewayPort} is already in use on 127.0.0.1: pass another --gateway-port (0 picks a free one).");
            return ExitCodes.Failed;
        }

        log.Info($"Starting KaPlatform (data in {data})...");
        LocalPlatform platform;
        try
        {
            platform = await LocalPlatform.StartAsync(PlatformOptionsFor(options, log), shutdown.Token);
        }
        catch (Exception) when (shutdown.IsRequested)
        {
            // LocalPlatform has already stopped whatever it had started.
            log.Info("Stopped before startup finished.");
            return ExitCodes.Ok;
        }
        catch (Exception ex)
        {
            log.Error($"Startup failed: {ex.Message}");
            log.Error("Everything started so far has been stopped.");
            return ExitCodes.Failed;
        }

        var failed = false;
        try
        {
            log.Highlight($"All healthy in {clock.Elapsed.TotalSeconds:0.0} s");
            EndpointsTable.Print(log, platform.Endpoints, data);
            var watch = ProcessWatch.RunAsync(platform, log, shutdown.Token);
            await SeedAsync(options, platform.Endpoints.Gateway, log, shutdown.Token);
            log.Info("Running. Press Ctrl+C to stop everything.");
            await watch;
        }
        catch (Exception ex)
        {
            // Whatever went wrong, the platform is still ours to stop.
            log.Error($"Unexpected error: {ex}");
            failed = true;
        }

        log.Info("Stopping the gateway, the services, RabbitMQ and PostgreSQL...");
        var stopped = await StopAsync(platform, log);
        return failed ? ExitCodes.Failed : stopped;
    }

    private static async Task<int> StopAsync(LocalPlatform platform, ConsoleLog log)
    {
        try
        {
            await platform.DisposeAsync();
            log.Info("Stopped.");
            return ExitCodes.Ok;
        }
        catch (Exception ex)
        {
            // Say what may still run rather than die with a stack trace: the reader has to clean it up by hand.
            log.Error($"Stopping was not clean: {ex.Message}");
            return ExitCodes.Failed;
        }
    }

    private static PlatformOptions PlatformOptionsFor(AppHostOptions options, ConsoleLog log) => new()
    {
        DataDirectory = options.DataDirectory,
        SigningKey = Secrets.LoadOrCreate(options.DataDirectory).SigningKey,
        GatewayPort = options.GatewayPort,
        DevTokens = options.DevTokens,
        ExternalPostgres = options.ExternalPostgres,
        ExternalEventBus = options.ExternalEventBus,
        Output = log.Resource,
        // The workspace's sign-in picker offers the demo users; without dev tokens nobody could act as them.
        Environment = options.DevTokens ? DemoUsersEnvironment.For(DemoUser.All) : new Dictionary<string, string>(),
    };

    /// <summary>A failed seed leaves the platform running: it is still useful, and the next start tries again.</summary>
    private static async Task SeedAsync(AppHostOptions options, string gatewayUrl, ConsoleLog log, CancellationToken cancellationToken)
    {
        if (options.Seed != SeedMode.Demo)
        {
            return;
        }

        try
        {
            await DemoSeed.RunAsync(gatewayUrl, options.DataDirectory, options.DevTokens, log, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            log.Error($"Demo seed failed: {ex.Message}");
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
    }
}
