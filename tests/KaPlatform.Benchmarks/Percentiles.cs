using System.Diagnostics;

namespace KaPlatform.Benchmarks;

/// <summary>Latencies of one measurement, in Stopwatch ticks; thread-safe to add to, summarised once at the end.</summary>
internal sealed class LatencyRecorder
{
    private readonly List<long> ticks = new(capacity: 4096);
    private readonly Lock gate = new();

    public int Count
    {
        get
        {
            lock (gate)
            {
                return ticks.Count;
            }
        }
    }

    public void Add(long elapsedTicks)
    {
        lock (gate)
        {
            ticks.Add(elapsedTicks);
        }
    }

    /// <summary>From a Stopwatch.GetTimestamp() to now.</summary>
    public void AddSince(long startTimestamp) => Add(Stopwatch.GetTimestamp() - startTimestamp);

    public Percentiles Summarise()
    {
        long[] sorted;
        lock (gate)
        {
            sorted = [.. ticks];
        }

        Array.Sort(sorted);
        return new Percentiles(sorted);
    }
}

/// <summary>Nearest-rank percentiles over sorted Stopwatch ticks, reported in milliseconds.</summary>
internal sealed class Percentiles(long[] sortedTicks)
{
    private readonly long[] sortedTicks = sortedTicks;

    public int Count => sortedTicks.Length;

    public double P50 => At(50);
    public double P95 => At(95);
    public double P99 => At(99);
    public double Max => Count == 0 ? double.NaN : ToMilliseconds(sortedTicks[^1]);
    public double Mean => Count == 0 ? double.NaN : ToMilliseconds((long)sortedTicks.Average());

    /// <summary>The smallest value with at least p% of the samples at or below it; NaN when there are none.</summary>
    public double At(double percentile)
    {
        if (Count == 0)
        {
            return double.NaN;
        }

        var rank = (int)Math.Ceiling(percentile / 100.0 * Count);
        return ToMilliseconds(sortedTicks[Math.Clamp(rank - 1, 0, Count - 1)]);
    }

    /// <summary>All samples of several measurements as one (e.g. the interleaved slices of one path).</summary>
    public static Percentiles Merge(IEnumerable<Percentiles> parts)
    {
        long[] all = [.. parts.SelectMany(p => p.sortedTicks)];
        Array.Sort(all);
        return new Percentiles(all);
    }

    public static double ToMilliseconds(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
}
