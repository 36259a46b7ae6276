using Npgsql;

namespace KaPlatform.Benchmarks;

/// <summary>
/// Issue 18: "each query's plan where a target is missed". The scale scenarios hand over the SQL their endpoint runs,
/// with the parameters their series used (positional $1…), and this prints PostgreSQL's EXPLAIN (ANALYZE, BUFFERS) of
/// it when the series' p95 missed its goal. ANALYZE executes the query once more: only SELECTs belong here.
/// </summary>
internal static class QueryPlans
{
    public static async Task ExplainIfMissedAsync(
        BenchmarkContext context, SeriesResult series, double targetP95Ms, string connectionString, string sql, object?[] parameters,
        CancellationToken cancellationToken)
    {
        if (series.Failed == 0 && series.Latency.P95 <= targetP95Ms)
        {
            return;
        }

        var output = context.Output;
        output.WriteLine($"  p95 {Format.Ms(series.Latency.P95)} ms missed ≤ {targetP95Ms:0} ms for {series.Endpoint} as {series.Caller}: EXPLAIN (ANALYZE, BUFFERS) of its query");
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("EXPLAIN (ANALYZE, BUFFERS) " + sql, connection);
        foreach (var value in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            output.WriteLine("    " + reader.GetString(0));
        }
    }
}
