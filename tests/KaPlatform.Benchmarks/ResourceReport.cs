using KaPlatform.LocalInfra;

namespace KaPlatform.Benchmarks;

/// <summary>
/// Targets "each service idles below 150 MB RSS and stays below 300 MB after the scale runs" (issue 18) and "AppHost start to all-healthy ≤ 30 s once built": RSS of every
/// process right after start (idle) and again after the scenarios, and the start-to-healthy time of this run's
/// platform. Only for a platform this run started: an attached one's processes are not ours to inspect.
/// </summary>
internal static class ResourceReport
{
    /// <summary>Issue 18: each service idles below 150 MB and stays below 300 MB after the scale runs.</summary>
    public const long TargetIdleBytes = 150L * 1024 * 1024;
    public const long TargetAfterBytes = 300L * 1024 * 1024;
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

        output.WriteLine($"== resources: RSS per process (idle = the highest of {session.IdleReadings} readings from 3 s after healthy, before any load; after = {Settle.TotalSeconds:0} s after the last scenario)");
        await Task.Delay(Settle, cancellationToken);
        var table = new Table("Resident memory (VmRSS) of each service process; its `dotnet run` launcher (local orchestration only) apart",
            "process", "idle at 3 s", "idle (highest)", "goal", "after run", "goal", "met", "launcher idle", "launcher after");
        foreach (var process in session.Processes().OrderBy(p => p.Name == PlatformLayout.Gateway.Name).ThenBy(p => p.Name, StringComparer.Ordinal))
        {
            var idle = session.IdleResidentBytes.GetValueOrDefault(process.Name);
            var idleTree = session.IdleTreeBytes.GetValueOrDefault(process.Name);
            var after = process.ServiceBytes();
            var afterTree = process.ResidentBytes();
            bool? met = idle > 0 && after > 0 ? idle < TargetIdleBytes && after < TargetAfterBytes : null;
            table.Add(process.Name + (process.HasExited ? " (exited!)" : ""), Format.Megabytes(session.FirstIdleResidentBytes.GetValueOrDefault(process.Name)),
                Format.Megabytes(idle), "< 150 MB", Format.Megabytes(after), "< 300 MB",
                met is null ? "n/a" : met.Value ? "yes" : "no", Format.Megabytes(idleTree - idle), Format.Megabytes(afterTree - after));
            context.Targets.Add(new TargetResult($"{process.Name} idle RSS", Format.Megabytes(idle), "< 150 MB", idle > 0 ? idle < TargetIdleBytes : null));
            context.Targets.Add(new TargetResult($"{process.Name} RSS after the run", Format.Megabytes(after), "< 300 MB", after > 0 ? after < TargetAfterBytes : null));
        }

        table.Write(output);
        if (session.StartToHealthy is { } start)
        {
            output.WriteLine($"platform start to all-healthy: {Format.Seconds(start)} (PostgreSQL initdb + RabbitMQ + 4 services + gateway; target ≤ {TargetStart.TotalSeconds:0} s)");
            context.Targets.Add(new TargetResult("start to all-healthy", Format.Seconds(start), "≤ 30 s", start <= TargetStart));
        }
    }
}
