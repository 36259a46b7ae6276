namespace KaPlatform.Benchmarks;

/// <summary>CPU milliseconds per request of each platform process between two readings (issue 18's per-request cost).</summary>
internal sealed class CpuMeter(IReadOnlyList<PlatformProcess> processes)
{
    private Dictionary<string, TimeSpan> last = Read(processes);

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

    private static Dictionary<string, TimeSpan> Read(IReadOnlyList<PlatformProcess> processes) =>
        processes.GroupBy(p => p.Name).ToDictionary(g => g.Key, g => g.Aggregate(TimeSpan.Zero, (sum, p) => sum + p.ServiceCpuTime()));
}
