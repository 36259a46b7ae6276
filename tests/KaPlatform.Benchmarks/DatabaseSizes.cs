using KaPlatform.LocalInfra;
using Npgsql;

namespace KaPlatform.Benchmarks;

/// <summary>
/// Issue 18 "report the database sizes": at the end of a run, each service's database on disk and its largest tables
/// (heap, indexes and TOAST together, with PostgreSQL's row estimate), so a scale run says what its data costs in space.
/// </summary>
internal static class DatabaseSizes
{
    private const int LargestTables = 4;

    private const string Sizes = """
        SELECT pg_database_size(current_database()),
               (SELECT coalesce(sum(pg_indexes_size(c.oid)), 0) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE c.relkind = 'r' AND n.nspname = 'public')
        """;

    private static readonly string Tables = $"""
        SELECT c.relname, c.reltuples::bigint, pg_total_relation_size(c.oid), pg_indexes_size(c.oid)
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind = 'r' AND n.nspname = 'public'
        ORDER BY pg_total_relation_size(c.oid) DESC, c.relname
        LIMIT {LargestTables}
        """;

    public static async Task ReportAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        var table = new Table($"Database sizes at the end of the run (each database, then its {LargestTables} largest tables: heap + indexes + TOAST; rows as estimated by PostgreSQL)",
            "database / table", "rows (est.)", "total", "of which indexes");
        foreach (var service in PlatformLayout.Services)
        {
            await using var connection = new NpgsqlConnection(context.Platform.Database(service));
            await connection.OpenAsync(cancellationToken);
            await using (var command = new NpgsqlCommand(Sizes, connection))
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                await reader.ReadAsync(cancellationToken);
                table.Add(service.Database!, "", Format.Megabytes(reader.GetInt64(0)), Format.Megabytes(reader.GetInt64(1)));
            }

            await using (var command = new NpgsqlCommand(Tables, connection))
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    var rows = reader.GetInt64(1);
                    table.Add("  " + reader.GetString(0), rows < 0 ? "not analyzed" : Format.Count(rows), Format.Megabytes(reader.GetInt64(2)), Format.Megabytes(reader.GetInt64(3)));
                }
            }
        }

        context.Output.WriteLine();
        table.Write(context.Output);
    }
}
