using Dapper;
using KaPlatform.ServiceDefaults.Scheduling;
using Npgsql;

namespace KaPlatform.Success.Api.Revenue;

/// <summary>
/// Merges the revenue rollup's appended deltas (migration 0010): every statement that signs, amends or moves contracts
/// appends one row per period it touched, so a region's sums never become a row that concurrent signings queue for;
/// the report adds up whatever is there, and this keeps that to a row or two per period. First it gives a region to
/// contracts written while their account entered the directory in another transaction, which neither side's trigger
/// could see (migration 0011): until then they count in no region's revenue.
/// </summary>
public sealed class RevenueRollupCompaction(NpgsqlDataSource db, ILogger<RevenueRollupCompaction> logger) : RecurringScan(TimeSpan.FromMinutes(5), logger)
{
    /// <summary>Returns how many contracts it gave a region plus how many delta rows it merged.</summary>
    public static async Task<int> RunAsync(NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var regions = await connection.ExecuteScalarAsync<int>(new CommandDefinition("SELECT contracts_take_missing_regions()", cancellationToken: cancellationToken));
        return regions + (int)await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT revenue_rollup_compact()", cancellationToken: cancellationToken));
    }

    protected override Task<int> ScanAsync(CancellationToken cancellationToken) => RunAsync(db, cancellationToken);
}
