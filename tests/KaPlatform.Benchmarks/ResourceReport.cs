using KaPlatform.LocalInfra;

namespace KaPlatform.Benchmarks;

/// <summary>
/// Targets "each service idles under 200 MB RSS" and "AppHost start to all-healthy ≤ 30 s once built": RSS of every
/// process right after start (idle) and again after the scenarios, and the start-to-healthy time of this run's
/// platform. Only for a platform this run started: an attached one's processes are not ours to inspect.
/// </summary>
internal static class ResourceReport
{
    public const long TargetIdleBytes = 200L * 1024 * 1024;
    public static readonly TimeSpan TargetStart = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(5);

    public static async Task RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        var output = context.Output;
        var session = context.Platform;
        output.WriteLine();
        if (!session.SelfStarted)
        {
            output.WriteLine("== resources: skipped (RSS and start time are measured only on a platform this run started)");
            return;
        }

        output.WriteLine($"== resources: RSS per process (idle = 3 s after healthy, before any load; after = {Settle.TotalSeconds:0} s after the last scenario)");
        await Task.Delay(Settle, cancellationToken);
        var table = new Table("Resident memory (VmRSS)", "process", "idle", "after run", "target (idle)");
        foreach (var process in session.Processes().OrderBy(p => p.Name == PlatformLayout.Gateway.Name).ThenBy(p => p.Name, StringComparer.Ordinal))
        {
            var idle = session.IdleResidentBytes.GetValueOrDefault(process.Name);
            var after = process.ResidentBytes();
            table.Add(process.Name + (process.HasExited ? " (exited!)" : ""), Format.Megabytes(idle), Format.Megabytes(after), "< 200 MB");
            context.Targets.Add(new TargetResult($"{process.Name} idle RSS", Format.Megabytes(idle), "< 200 MB", idle > 0 ? idle < TargetIdleBytes : null));
        }

        table.Write(output);
        if (session.StartToHealthy is { } start)
        {
            output.WriteLine($"platform start to all-healthy: {Format.Seconds(start)} (PostgreSQL initdb + RabbitMQ + 4 services + gateway; target ≤ {TargetStart.TotalSeconds:0} s)");
            context.Targets.Add(new TargetResult("start to all-healthy", Format.Seconds(start), "≤ 30 s", start <= TargetStart));
        }
    }
}
