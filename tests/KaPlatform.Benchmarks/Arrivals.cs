using System.Collections.Concurrent;
using System.Diagnostics;
using Npgsql;

namespace KaPlatform.Benchmarks;

/// <summary>
/// Ids sent into the platform and not yet seen in one database, with the time each was sent: an event scenario's
/// measure of "sent → readable". <paramref name="idQuery"/> selects the ids of $1 (a uuid[]) that are visible.
/// </summary>
internal sealed class Arrivals(string connectionString, string idQuery)
{
    /// <summary>How often the database is asked: short, so the latency measured is the platform's, not the poll's.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(5);

    /// <summary>
    /// Added to <see cref="PollInterval"/> per pending id. A poll probes the index once per pending id, and with a
    /// backlog of thousands a 5 ms poll took a core of the machine it measures (docs/benchmarks/2026-12-02.md §8);
    /// so the poll slows as the backlog grows: 1,000 pending → every 25 ms, when each of them has already waited
    /// at least 1,000 ÷ the arrival rate (5 s at 200/s), so the added error stays under 1 %.
    /// </summary>
    public static readonly TimeSpan PollIntervalPerPending = TimeSpan.FromMicroseconds(20);

    public static string PollDescription => $"polled every {PollInterval.TotalMilliseconds:0} ms + {PollIntervalPerPending.TotalMicroseconds:0} µs per id still pending";

    /// <summary>How long stragglers are waited for once sending has ended; what is still unseen then is missing.</summary>
    public static readonly TimeSpan SettleLimit = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<Guid, long> pending = new();
    private long expected;

    public LatencyRecorder Latency { get; } = new();
    public long Expected => Interlocked.Read(ref expected);
    public long Missing => pending.Count;

    /// <summary>An id the platform should make visible, sent at <paramref name="sentTimestamp"/> (Stopwatch.GetTimestamp()).</summary>
    public void Expect(Guid id, long sentTimestamp)
    {
        if (pending.TryAdd(id, sentTimestamp))
        {
            Interlocked.Increment(ref expected);
        }
    }

    /// <summary>Polls until sending has ended and every id was seen, or <see cref="SettleLimit"/> after sending ended.</summary>
    public async Task PollAsync(CancellationToken sendingEnded, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(idQuery, connection);
        var parameter = new NpgsqlParameter<Guid[]> { TypedValue = [] };
        command.Parameters.Add(parameter);
        Stopwatch? settling = null;
        while (true)
        {
            if (sendingEnded.IsCancellationRequested)
            {
                settling ??= Stopwatch.StartNew();
                if (pending.IsEmpty || settling.Elapsed > SettleLimit)
                {
                    return;
                }
            }

            var ids = pending.Keys.ToArray();
            if (ids.Length > 0)
            {
                parameter.TypedValue = ids;
                var seen = new List<Guid>();
                await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
                {
                    while (await reader.ReadAsync(cancellationToken))
                    {
                        seen.Add(reader.GetGuid(0));
                    }
                }

                // When the answer arrived: the row was visible by then (an upper bound, by at most one query).
                var now = Stopwatch.GetTimestamp();
                foreach (var id in seen)
                {
                    if (pending.TryRemove(id, out var sent))
                    {
                        Latency.Add(now - sent);
                    }
                }
            }

            await Task.Delay(PollInterval + (PollIntervalPerPending * pending.Count), cancellationToken);
        }
    }
}
