namespace KaPlatform.Benchmarks;

/// <summary>CPU milliseconds per request of each platform process between two readings (issue 18's per-request cost).</summary>
internal sealed class CpuMeter(IReadOnlyList<PlatformProcess> processes)
{
    /// <summary>The key of every CPU's busy time (/proc/stat: all but idle and iowait), the load generator's included.</summary>
    public const string Machine = "(machine)";

    private Dictionary<string, TimeSpan> last = Read(processes);

    /// <summary>Every running service and the gateway, the platform's PostgreSQL (its backends included), RabbitMQ, the harness, and <paramref name="also"/>.</summary>
    public static CpuMeter ForPlatform(PlatformSession platform, PlatformProcess? also = null) => new(
        [.. platform.Processes(), .. new[] { PlatformProcess.PostgreSql(platform.DataDirectory), platform.Broker(), also }.OfType<PlatformProcess>(), PlatformProcess.Harness]);

    /// <summary>Each process's CPU since the previous reading in seconds, largest first, the machine's last.</summary>
    public IReadOnlyList<(string Process, double Seconds)> Totals()
    {
        var now = Read(processes);
        var result = now.Select(p => (p.Key, (p.Value - last.GetValueOrDefault(p.Key)).TotalSeconds))
            .OrderBy(p => p.Key == Machine).ThenByDescending(p => p.Item2).ToList();
        last = now;
        return result;
    }

    /// <summary>Each process's CPU since the previous reading divided by <paramref name="requests"/>, in ms.</summary>
    public IReadOnlyDictionary<string, double> PerRequest(double requests)
    {
        var now = Read(processes);
        var result = now.ToDictionary(p => p.Key, p => requests <= 0 ? double.NaN : (p.Value - last.GetValueOrDefault(p.Key)).TotalMilliseconds / requests);
        last = now;
        return result;
    }

    public static string Format(IReadOnlyDictionary<string, double> perRequest, string process) =>
        perRequest.TryGetValue(process, out var ms) && !double.IsNaN(ms) ? ms.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture) : "-";

    /// <summary>
    /// Waits until the whole machine was busy less than <paramref name="quietCores"/> over a second (the consumers
    /// downstream of what the harness watched have caught up), at most <paramref name="limit"/>; returns the wait.
    /// </summary>
    public static async Task<TimeSpan> WaitForQuietAsync(double quietCores, TimeSpan limit, CancellationToken cancellationToken)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var before = MachineBusy();
        while (clock.Elapsed < limit)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            var now = MachineBusy();
            if ((now - before).TotalSeconds < quietCores)
            {
                break;
            }

            before = now;
        }

        return clock.Elapsed;
    }

    private static Dictionary<string, TimeSpan> Read(IReadOnlyList<PlatformProcess> processes)
    {
        var times = processes.GroupBy(p => p.Name).ToDictionary(g => g.Key, g => g.Aggregate(TimeSpan.Zero, (sum, p) => sum + p.ServiceCpuTime()));
        times[Machine] = MachineBusy();
        return times;
    }

    private static TimeSpan MachineBusy()
    {
        // The first line of /proc/stat: "cpu user nice system idle iowait irq softirq steal ..." in clock ticks.
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(f => long.Parse(f, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var busy = fields.Take(8).Sum() - fields[3] - fields[4];
        return TimeSpan.FromSeconds(busy / 100.0);
    }
}
