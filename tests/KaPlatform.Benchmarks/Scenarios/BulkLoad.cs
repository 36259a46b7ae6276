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

        var rate = copied / elapsed.TotalSeconds;
        new Table("Bulk load (COPY ... FROM STDIN (FORMAT BINARY), one transaction, fsync on)",
                "measure", "value")
            .Add("rows copied", Format.Count(copied))
            .Add("time (COPY start to commit)", Format.Seconds(elapsed))
            .Add("rows/s", Format.Rate(rate))
            .Add("target rows/s", "≥ " + Format.Rate(TargetRowsPerSecond))
            .Add("accounts rows before / after", $"{Format.Count(before)} / {Format.Count(after)}")
            .Add("ANALYZE afterwards (not timed)", Format.Seconds(analyze.Elapsed))
            .Write(output);
        output.WriteLine("Note: seeded rows bypass the API, so no AccountRegistered events are published and the account");
        output.WriteLine("directories of opportunities/contracts/success do not learn of them. Expected for a bulk load.");

        context.Targets.Add(new TargetResult("bulk load rows/s", Format.Rate(rate), "≥ 50,000", rate >= TargetRowsPerSecond));
    }

    /// <summary>COPYs <paramref name="count"/> generated accounts; returns the rows written and the time to commit.</summary>
    public static async Task<(long Rows, TimeSpan Elapsed)> SeedAsync(string connectionString, int count, CancellationToken cancellationToken)
    {
        var accounts = new SampleAccounts();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        var clock = Stopwatch.StartNew();
        ulong written;
        await using (var writer = await connection.BeginBinaryImportAsync(Copy, cancellationToken))
        {
            writer.Timeout = ScaleSupport.CopyTimeout;
            for (var i = 0; i < count; i++)
            {
                var account = accounts.Next();
                await writer.StartRowAsync(cancellationToken);
                await writer.WriteAsync(account.Id, NpgsqlDbType.Uuid, cancellationToken);
                await writer.WriteAsync(account.Name, NpgsqlDbType.Text, cancellationToken);
                await writer.WriteAsync(account.Region, NpgsqlDbType.Text, cancellationToken);
                await writer.WriteAsync(account.OwnerId, NpgsqlDbType.Uuid, cancellationToken);
                if (account.ParentId is { } parent)
                {
                    await writer.WriteAsync(parent, NpgsqlDbType.Uuid, cancellationToken);
                }
                else
                {
                    await writer.WriteNullAsync(cancellationToken);
                }

                await writer.WriteAsync(account.TeamUserIds, NpgsqlDbType.Array | NpgsqlDbType.Uuid, cancellationToken);
                await writer.WriteAsync(Importer, NpgsqlDbType.Uuid, cancellationToken);
                await writer.WriteAsync(account.CreatedAt, NpgsqlDbType.TimestampTz, cancellationToken);
                await writer.WriteAsync(account.UpdatedAt, NpgsqlDbType.TimestampTz, cancellationToken);
                await writer.WriteAsync(1, NpgsqlDbType.Integer, cancellationToken);
            }

            written = await writer.CompleteAsync(cancellationToken);
        }

        clock.Stop();
        return ((long)written, clock.Elapsed);
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
