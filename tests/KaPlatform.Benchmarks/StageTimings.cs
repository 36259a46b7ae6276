using System.Globalization;
using Npgsql;

namespace KaPlatform.Benchmarks;

/// <summary>p50/p95/p99 of a stage, in milliseconds, over the rows that went through it.</summary>
internal sealed record StageTiming(long Rows, double P50, double P95, double P99);

/// <summary>
/// Where an event's time goes, from the platform's own timestamps (one machine, one clock) rather than the client's:
/// an outbox row's created_at → sent_at, a projection row's occurredAt → updated_at.
/// </summary>
internal static class StageTimings
{
    /// <summary>The relay's share for one message type: outbox created_at → sent_at (stamped per relay batch) since <paramref name="from"/>.</summary>
    public static Task<StageTiming> OutboxLagAsync(string database, string messageType, DateTime from, CancellationToken cancellationToken) =>
        QueryAsync(database,
            $"SELECT count(*), {Percentiles("sent_at - created_at")} FROM outbox WHERE message_type LIKE $2 AND created_at >= $1 AND sent_at IS NOT NULL",
            cancellationToken, from, messageType);

    /// <summary>The percentile columns of an interval expression, for a query that selects count(*) before them.</summary>
    public static string Percentiles(string interval) => string.Format(CultureInfo.InvariantCulture,
        "percentile_cont(ARRAY[0.5, 0.95, 0.99]) WITHIN GROUP (ORDER BY extract(epoch FROM {0}) * 1000)", interval);

    /// <summary>Runs a query of count(*) and <see cref="Percentiles"/>; NaN percentiles when no row went through.</summary>
    public static async Task<StageTiming> QueryAsync(string database, string sql, CancellationToken cancellationToken, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var rows = reader.GetInt64(0);
        var values = reader.IsDBNull(1) ? [double.NaN, double.NaN, double.NaN] : reader.GetFieldValue<double[]>(1);
        return new StageTiming(rows, values[0], values[1], values[2]);
    }
}
