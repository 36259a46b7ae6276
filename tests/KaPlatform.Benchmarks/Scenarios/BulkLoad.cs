using System.Diagnostics;
using KaPlatform.LocalInfra;
using Npgsql;
using NpgsqlTypes;

namespace KaPlatform.Benchmarks.Scenarios;

/// <summary>
/// Target "bulk load ≥ 50,000 rows/s" (issue 18; ARCHITECTURE.md had 10,000): N accounts into accountsdb's accounts
/// table with one binary COPY, timed from the start of the COPY to its commit (row generation included).
/// </summary>
internal sealed class BulkLoad : IScenario
{
    public const double TargetRowsPerSecond = 50_000;

    private const string Copy = """
        COPY accounts (id, name, region, owner_id, parent_id, team_user_ids, created_by, created_at, updated_at, version)
        FROM STDIN (FORMAT BINARY)
        """;

    /// <summary>created_by of every seeded row, so they can be told apart from accounts registered through the API.</summary>
    public static readonly Guid Importer = Guid.Parse("b0000000-0000-4000-8000-00000000b01c");

    public string Name => "bulk";

    public async Task RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        var output = context.Output;
        var rows = context.Options.Accounts;
        var database = context.Platform.Database(PlatformLayout.Accounts);
        output.WriteLine();
        output.WriteLine($"== bulk: {Format.Count(rows)} accounts into accountsdb.accounts with binary COPY");

        var before = await CountAsync(database, cancellationToken);
        var (copied, elapsed) = await SeedAsync(database, rows, cancellationToken);
        var analyze = Stopwatch.StartNew();
        await ExecuteAsync(database, "ANALYZE accounts", cancellationToken);
        analyze.Stop();
        var after = await CountAsync(database, cancellationToken);
        var levels = await LevelsAsync(database, cancellationToken);

        var rate = copied / elapsed.TotalSeconds;
        new Table($"Bulk load (COPY ... FROM STDIN (FORMAT BINARY), {Math.Clamp(Environment.ProcessorCount, 1, 4)} streams in parallel, a transaction each, fsync on)",
                "measure", "value")
            .Add("rows copied", Format.Count(copied))
            .Add("time (COPY start to commit)", Format.Seconds(elapsed))
            .Add("rows/s", Format.Rate(rate))
            .Add("target rows/s", "≥ " + Format.Rate(TargetRowsPerSecond))
            .Add("accounts rows before / after", $"{Format.Count(before)} / {Format.Count(after)}")
            .Add("ANALYZE afterwards (not timed)", Format.Seconds(analyze.Elapsed))
            .Add("accounts per hierarchy level (1 = top)", string.Join(" / ", levels.Select(l => $"{l.Level}: {Format.Count(l.Accounts)}")))
            .Write(output);
        output.WriteLine("Note: seeded rows bypass the API, so no AccountRegistered events are published and the account");
        output.WriteLine("directories of opportunities/contracts/success do not learn of them. Expected for a bulk load.");

        context.Targets.Add(new TargetResult("bulk load rows/s", Format.Rate(rate), "≥ 50,000", rate >= TargetRowsPerSecond));
    }

    /// <summary>
    /// COPYs <paramref name="count"/> generated accounts over one COPY stream per core, each its own connection and
    /// transaction (a subsidiary's parent is always in its own stream, so the parent_id foreign key never waits on
    /// another stream); returns the rows written and the time from the first COPY's start to the last commit. On two
    /// cores one stream kept one PostgreSQL backend busy maintaining the table's ten indexes while the other core idled
    /// (25,550 rows/s, docs/benchmarks/2026-12-02.md §9).
    /// </summary>
    public static async Task<(long Rows, TimeSpan Elapsed)> SeedAsync(string connectionString, int count, CancellationToken cancellationToken)
    {
        var streams = Math.Clamp(Environment.ProcessorCount, 1, 4);
        var clock = Stopwatch.StartNew();
        var written = await Task.WhenAll(Enumerable.Range(0, streams).Select(stream =>
            Task.Run(() => CopyStreamAsync(connectionString, (count / streams) + (stream < count % streams ? 1 : 0), stream, cancellationToken), cancellationToken)));
        clock.Stop();
        return (written.Sum(), clock.Elapsed);
    }

    private static async Task<long> CopyStreamAsync(string connectionString, int count, int stream, CancellationToken cancellationToken)
    {
        var accounts = new SampleAccounts(stream: stream);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        // Synchronous writes: the importer buffers, and an await per column of a million rows costs the generator
        // CPU the server needs.
        using var writer = connection.BeginBinaryImport(Copy);
        writer.Timeout = ScaleSupport.CopyTimeout;
        for (var i = 0; i < count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var account = accounts.Next();
            writer.StartRow();
            writer.Write(account.Id, NpgsqlDbType.Uuid);
            writer.Write(account.Name, NpgsqlDbType.Text);
            writer.Write(account.Region, NpgsqlDbType.Text);
            writer.Write(account.OwnerId, NpgsqlDbType.Uuid);
            if (account.ParentId is { } parent)
            {
                writer.Write(parent, NpgsqlDbType.Uuid);
            }
            else
            {
                writer.WriteNull();
            }

            writer.Write(account.TeamUserIds, NpgsqlDbType.Array | NpgsqlDbType.Uuid);
            writer.Write(Importer, NpgsqlDbType.Uuid);
            writer.Write(account.CreatedAt, NpgsqlDbType.TimestampTz);
            writer.Write(account.UpdatedAt, NpgsqlDbType.TimestampTz);
            writer.Write(1, NpgsqlDbType.Integer);
        }

        return (long)writer.Complete();
    }

    /// <summary>Accounts per level of the group hierarchy (1 = no parent), to show the load has all five.</summary>
    public static async Task<IReadOnlyList<(int Level, long Accounts)>> LevelsAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            WITH RECURSIVE tree (id, level) AS (
                SELECT id, 1 FROM accounts WHERE parent_id IS NULL
                UNION ALL
                SELECT a.id, t.level + 1 FROM accounts a JOIN tree t ON a.parent_id = t.id)
            SELECT level, count(*) FROM tree GROUP BY level ORDER BY level
            """, connection) { CommandTimeout = 600 };
        var levels = new List<(int, long)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            levels.Add((reader.GetInt32(0), reader.GetInt64(1)));
        }

        return levels;
    }

    private static async Task<long> CountAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT count(*) FROM accounts", connection);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static async Task ExecuteAsync(string connectionString, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 300 };
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
