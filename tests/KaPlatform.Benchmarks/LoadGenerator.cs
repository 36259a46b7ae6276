using System.Diagnostics;

namespace KaPlatform.Benchmarks;

/// <summary>One request of a load run: given its sequence number, the HTTP status it was answered with (2xx = success).</summary>
internal delegate Task<int> LoadRequest(long sequence, CancellationToken cancellationToken);

/// <summary>What a load run did: successes (with their latencies), failures, and over how long.</summary>
internal sealed record LoadResult(long Succeeded, long Failed, long Dropped, TimeSpan Elapsed, Percentiles Latency, string? FirstError)
{
    public double SucceededPerSecond => Succeeded / Elapsed.TotalSeconds;

    /// <summary>Slices of one measurement as one result: counts and times added, latencies pooled.</summary>
    public static LoadResult Combine(IReadOnlyCollection<LoadResult> parts) => new(
        parts.Sum(p => p.Succeeded),
        parts.Sum(p => p.Failed),
        parts.Sum(p => p.Dropped),
        TimeSpan.FromTicks(parts.Sum(p => p.Elapsed.Ticks)),
        Percentiles.Merge(parts.Select(p => p.Latency)),
        parts.Select(p => p.FirstError).FirstOrDefault(e => e is not null));
}

/// <summary>
/// Closed loop (N workers, each sends its next request when the previous one answered: the maximum throughput) and
/// open loop (requests at a fixed arrival rate whatever the answers do: latency at a given load, measured from
/// each request's scheduled time so a stall is not hidden by the generator waiting for it). All loops are bounded
/// by a duration and a cap on requests in flight.
/// </summary>
internal static class LoadGenerator
{
    /// <summary>How long an open-loop run waits for its last answers before it gives up on them.</summary>
    private static readonly TimeSpan DrainLimit = TimeSpan.FromSeconds(30);

    /// <summary>The shortest sleep between dispatches (the timer's own resolution is about this).</summary>
    private static readonly TimeSpan MinimumSleep = TimeSpan.FromMilliseconds(1);

    public static async Task<LoadResult> ClosedLoopAsync(int workers, TimeSpan duration, LoadRequest request, CancellationToken cancellationToken)
    {
        var latency = new LatencyRecorder();
        long succeeded = 0, failed = 0, sequence = -1;
        string? firstError = null;
        var start = Stopwatch.GetTimestamp();
        var end = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);

        async Task Worker()
        {
            while (Stopwatch.GetTimestamp() < end)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var sent = Stopwatch.GetTimestamp();
                var (ok, error) = await SendAsync(request, Interlocked.Increment(ref sequence), cancellationToken);
                if (ok)
                {
                    latency.AddSince(sent);
                    Interlocked.Increment(ref succeeded);
                }
                else
                {
                    Interlocked.Increment(ref failed);
                    Interlocked.CompareExchange(ref firstError, error, null);
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(Worker, cancellationToken)));
        return new LoadResult(succeeded, failed, 0, Stopwatch.GetElapsedTime(start), latency.Summarise(), firstError);
    }

    public static async Task<LoadResult> OpenLoopAsync(double ratePerSecond, TimeSpan duration, int maxInFlight, LoadRequest request, CancellationToken cancellationToken)
    {
        var latency = new LatencyRecorder();
        long succeeded = 0, failed = 0, dropped = 0, inFlight = 0;
        string? firstError = null;
        var total = (long)Math.Round(ratePerSecond * duration.TotalSeconds);
        var ticksPerRequest = Stopwatch.Frequency / ratePerSecond;
        var start = Stopwatch.GetTimestamp();

        async Task Fire(long sequence, long scheduled)
        {
            try
            {
                var (ok, error) = await SendAsync(request, sequence, cancellationToken);
                if (ok)
                {
                    latency.AddSince(scheduled);
                    Interlocked.Increment(ref succeeded);
                }
                else
                {
                    Interlocked.Increment(ref failed);
                    Interlocked.CompareExchange(ref firstError, error, null);
                }
            }
            catch (OperationCanceledException)
            {
                // the run is being cancelled; the dispatcher reports it
            }
            finally
            {
                Interlocked.Decrement(ref inFlight);
            }
        }

        for (long issued = 0; issued < total;)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var now = Stopwatch.GetTimestamp();
            var due = Math.Min(total, (long)((now - start) / ticksPerRequest) + 1);
            for (; issued < due; issued++)
            {
                var scheduled = start + (long)(issued * ticksPerRequest);
                if (Interlocked.Read(ref inFlight) >= maxInFlight)
                {
                    // Bounded: past this the target is hopelessly overloaded; counted, not queued without end.
                    dropped++;
                    continue;
                }

                Interlocked.Increment(ref inFlight);
                _ = Fire(issued, scheduled);
            }

            // Sleeps, never spins: on two cores a generator that yields in a loop until the next slot takes the CPU of
            // the platform it measures (perf of the won scenario: 1.7 ms of harness CPU per win at 200/s, most of it
            // sched_yield). A timer wakes up to about a millisecond late; whatever fell due meanwhile goes out at once,
            // and each latency is counted from its slot, so that lateness is measured, not hidden.
            var next = start + (long)(issued * ticksPerRequest);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), next);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait < MinimumSleep ? MinimumSleep : wait, cancellationToken);
            }
        }

        var dispatched = Stopwatch.GetElapsedTime(start);
        var drain = Stopwatch.StartNew();
        while (Interlocked.Read(ref inFlight) > 0 && drain.Elapsed < DrainLimit)
        {
            await Task.Delay(5, cancellationToken);
        }

        var unanswered = Interlocked.Read(ref inFlight);
        var elapsed = dispatched > duration ? dispatched : duration;
        return new LoadResult(succeeded, failed + unanswered, dropped, elapsed, latency.Summarise(),
            unanswered > 0 ? $"{unanswered} requests unanswered after {DrainLimit.TotalSeconds} s" : firstError);
    }

    private static async Task<(bool Ok, string? Error)> SendAsync(LoadRequest request, long sequence, CancellationToken cancellationToken)
    {
        try
        {
            var status = await request(sequence, cancellationToken);
            return status is >= 200 and < 300 ? (true, null) : (false, $"HTTP {status}");
        }
        catch (HttpRequestException ex)
        {
            return (false, ex.Message);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            return (false, "timeout: " + ex.Message);
        }
    }
}
