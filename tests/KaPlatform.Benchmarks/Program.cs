using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using KaPlatform.Benchmarks;
using KaPlatform.Benchmarks.Scenarios;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
Console.OutputEncoding = Encoding.UTF8;
var output = Console.Out;

if (!BenchmarkOptions.TryParse(args, out var options, out var error))
{
    Console.Error.WriteLine(error);
    Console.Error.Write(BenchmarkOptions.Usage);
    return 2;
}

if (options.ShowHelp)
{
    output.Write(BenchmarkOptions.Usage);
    return 0;
}

// Ctrl+C, SIGTERM and a closed terminal all become one cancellation, so the platform we started is always stopped;
// the runtime's default (ending the process) would leave PostgreSQL, RabbitMQ and five processes behind.
using var cancellation = new CancellationTokenSource();
var registrations = new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP }
    .Select(signal => PosixSignalRegistration.Create(signal, context =>
    {
        context.Cancel = true;
        if (!cancellation.IsCancellationRequested)
        {
            Console.Error.WriteLine($"{context.Signal}: stopping; the platform will be shut down...");
            _ = cancellation.CancelAsync();
        }
    }))
    .ToArray();

var token = cancellation.Token;
var exitCode = 0;
PlatformSession? session = null;
try
{
    output.WriteLine($"KaPlatform benchmarks: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}");
#if DEBUG
    output.WriteLine("WARNING: this is a Debug build of the benchmark (and of the platform it starts): use -c Release for figures.");
#endif
    output.WriteLine($"load average {LoadAverage()} (other work on this machine skews every figure below)");
    output.WriteLine($"scenario {options.Scenario}, duration {options.DurationSeconds} s, accounts {options.Accounts:#,0}, workers {options.Workers}, event rate {options.EventRate}/s, won rate {options.WonRate}/s");
    output.WriteLine($"scale {options.Scale:0.###}: stakeholders {options.Stakeholders:#,0}, interactions {options.Interactions:#,0}, opportunities {options.Opportunities:#,0}, milestones {options.Milestones:#,0}; {options.WarmupRequests} warm-up + {options.Requests} measured requests per endpoint, concurrency {options.Concurrency}");
    output.WriteLine();

    session = options.PlatformDirectory is null
        ? await PlatformSession.StartAsync(output, token, options.DataDirectory)
        : PlatformSession.Attach(options.PlatformDirectory, output);
    if (session.StartToHealthy is { } started)
    {
        output.WriteLine($"Platform healthy after {Format.Seconds(started)}; gateway {session.Gateway}, accounts-api {session.AccountsApi}");
    }

    if (session.SelfStarted && options.IdleSeconds > 0)
    {
        output.WriteLine($"Idle for {options.IdleSeconds} s, RSS read every {PlatformSession.IdleReadingInterval.TotalSeconds:0} s (--idle 0 skips the wait)");
    }

    await session.RecordIdleMemoryAsync(TimeSpan.FromSeconds(options.IdleSeconds), token);
    using var context = new BenchmarkContext(options, session, output);
    foreach (var scenario in ScenarioCatalog.All.Where(s => options.Runs(s.Name)))
    {
        try
        {
            await scenario.RunAsync(context, token);
        }
        catch (Exception ex) when (!token.IsCancellationRequested)
        {
            // One broken scenario must not hide the others' figures.
            exitCode = 1;
            output.WriteLine();
            output.WriteLine($"!! scenario {scenario.Name} failed: {ex.GetType().Name}: {ex.Message}");
        }
    }

    context.Loads.Report(context, KaPlatform.Benchmarks.Scenarios.BulkLoad.TargetRowsPerSecond);
    await DatabaseSizes.ReportAsync(context, token);
    await ResourceReport.RunAsync(context, token);
    output.WriteLine($"load average at the end: {LoadAverage()}");
    PrintSummary(context);
}
catch (OperationCanceledException) when (token.IsCancellationRequested)
{
    output.WriteLine();
    output.WriteLine("Cancelled.");
    exitCode = 130;
}
catch (Exception ex)
{
    output.WriteLine();
    output.WriteLine($"Benchmark failed: {ex.GetType().Name}: {ex.Message}");
    exitCode = 1;
}
finally
{
    if (session is not null)
    {
        var selfStarted = session.SelfStarted;
        if (selfStarted)
        {
            output.WriteLine();
            output.WriteLine("Stopping the platform (gateway, services, RabbitMQ, PostgreSQL)...");
        }

        await session.DisposeAsync();
        if (selfStarted)
        {
            RemoveOrKeep(session, options.KeepData || exitCode != 0);
        }
    }

    foreach (var registration in registrations)
    {
        registration.Dispose();
    }
}

return exitCode;

void PrintSummary(BenchmarkContext context)
{
    var table = new Table("Summary against ARCHITECTURE.md non-functional targets (reported, not asserted)", "figure", "measured", "target", "met");
    foreach (var target in context.Targets)
    {
        table.Add(target.Metric, target.Measured, target.Target, target.Met switch { true => "yes", false => "NO", null => "n/a" });
    }

    table.Write(output);
}

static string LoadAverage()
{
    try
    {
        return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) + " (1/5/15 min)";
    }
    catch (IOException)
    {
        return "n/a";
    }
}

void RemoveOrKeep(PlatformSession platform, bool keep)
{
    if (keep)
    {
        output.WriteLine($"Data directory kept: {platform.DataDirectory} (process output in {platform.LogPath})");
        return;
    }

    try
    {
        Directory.Delete(platform.DataDirectory, recursive: true);
        output.WriteLine($"Removed {platform.DataDirectory} (--keep-data keeps it, with the process log).");
    }
    catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
    {
        output.WriteLine($"Could not remove {platform.DataDirectory}: {ex.Message}");
    }
}
