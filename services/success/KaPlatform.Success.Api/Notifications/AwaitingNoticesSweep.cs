using Dapper;
using KaPlatform.ServiceDefaults.Scheduling;
using Npgsql;

namespace KaPlatform.Success.Api.Notifications;

/// <summary>
/// Delivers notices still waiting for an account that is in the directory by now. The directory's insert trigger and
/// the parking itself deliver almost all of them at once; this catches a notice parked while its account's row was
/// being inserted by a concurrent transaction (migration 0008), which neither of the two could see.
/// </summary>
public sealed class AwaitingNoticesSweep(NpgsqlDataSource db, ILogger<AwaitingNoticesSweep> logger) : RecurringScan(TimeSpan.FromMinutes(5), logger)
{
    /// <summary>Returns how many notifications it wrote (one per recipient).</summary>
    public static async Task<int> RunAsync(NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition("SELECT deliver_awaiting_notices()", cancellationToken: cancellationToken));
    }

    protected override Task<int> ScanAsync(CancellationToken cancellationToken) => RunAsync(db, cancellationToken);
}
