using System.Collections.Concurrent;
using System.Diagnostics;
using Npgsql;

namespace KaPlatform.Benchmarks;

/// <summary>
/// "Sent → readable" without asking the database while it works: with track_commit_timestamp on, PostgreSQL keeps each
/// transaction's commit time, and a row becomes readable exactly when the transaction that wrote it commits. So the
/// scenario notes when it sent each id and, after the run, reads pg_xact_commit_timestamp(xmin) of the row the platform
/// made for it. <see cref="Arrivals"/>' polls probe the index once per pending id: with the backlog of a saturated
/// pipeline they cost the server they measure (docs/benchmarks/2026-12-03.md §8.4).
/// <paramref name="rowsQuery"/> selects (id, commit time) for the ids of $1; <paramref name="countQuery"/> counts the
/// rows made since $1 (a timestamptz), cheaply, to know when everything has arrived.
/// </summary>
internal sealed class CommitLatency(string connectionString, string rowsQuery, string countQuery)
{
    /// <summary>For the harness's own PostgreSQL (a server setting: it needs a restart, so it is set at start).</summary>
    public const string ServerSetting = "track_commit_timestamp=on";

    private static readonly TimeSpan CountInterval = TimeSpan.FromMilliseconds(250);

    private readonly ConcurrentDictionary<Guid, DateTime> sent = new();

    public static async Task<bool> AvailableAsync(string connectionString, CancellationToken cancellationToken) =>
        await ScaleSupport.ScalarAsync<string>(connectionString, "SHOW track_commit_timestamp", cancellationToken) == "on";

    public static string Description => "sent → the commit of the row's transaction, from PostgreSQL's commit timestamps; nothing polled while it runs";

    /// <summary>An id the platform should make readable; <paramref name="sentAtUtc"/> taken before the sender's own commit.</summary>
    public void Expect(Guid id, DateTime sentAtUtc) => sent.TryAdd(id, sentAtUtc);

    /// <summary>Waits until as many rows as ids were made since <paramref name="since"/> (or the limit), then reads their commit times.</summary>
    public async Task<(LatencyRecorder Latency, long Missing)> CollectAsync(DateTime since, TimeSpan settleLimit, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        var clock = Stopwatch.StartNew();
        await using (var count = new NpgsqlCommand(countQuery, connection) { Parameters = { new NpgsqlParameter<DateTime> { TypedValue = since } } })
        {
            while ((long)(await count.ExecuteScalarAsync(cancellationToken))! < sent.Count && clock.Elapsed < settleLimit)
            {
                await Task.Delay(CountInterval, cancellationToken);
            }
        }

        var latency = new LatencyRecorder();
        var found = 0L;
        await using var rows = new NpgsqlCommand(rowsQuery, connection) { Parameters = { new NpgsqlParameter<Guid[]> { TypedValue = [.. sent.Keys] } } };
        await using var reader = await rows.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (sent.TryGetValue(reader.GetGuid(0), out var at))
            {
                found++;
                latency.Add((long)((reader.GetDateTime(1) - at).TotalSeconds * Stopwatch.Frequency));
            }
        }

        return (latency, sent.Count - found);
    }
}
