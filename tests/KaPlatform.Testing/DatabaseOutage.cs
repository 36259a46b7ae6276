using Npgsql;
using Xunit;

namespace KaPlatform.Testing;

/// <summary>
/// A database going away for real, as a restart or a failover does it to its clients: every session of it is ended
/// and new ones are refused until this is disposed. Only that database: the shared server goes on serving the others.
/// </summary>
public sealed class DatabaseOutage : IAsyncDisposable
{
    private readonly NpgsqlConnection admin;
    private readonly string database;

    private DatabaseOutage(NpgsqlConnection admin, string database)
    {
        this.admin = admin;
        this.database = database;
    }

    /// <param name="databaseConnectionString">The database that goes away (its name is taken from it).</param>
    /// <param name="except">A session that survives (a test's own, holding a lock), or 0.</param>
    public static async Task<DatabaseOutage> BeginAsync(string adminConnectionString, string databaseConnectionString, int except = 0)
    {
        var database = new NpgsqlConnectionStringBuilder(databaseConnectionString).Database!;
        var admin = new NpgsqlConnection(adminConnectionString);
        await admin.OpenAsync();
        await ExecuteAsync(admin, $"ALTER DATABASE \"{database}\" WITH ALLOW_CONNECTIONS false");
        await using var end = new NpgsqlCommand(
            "SELECT count(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> $2) t", admin)
        {
            Parameters = { new() { Value = database }, new() { Value = except } },
        };
        Assert.True((long)(await end.ExecuteScalarAsync())! > 0, "the database had no session to end");
        return new DatabaseOutage(admin, database);
    }

    public async ValueTask DisposeAsync()
    {
        await ExecuteAsync(admin, $"ALTER DATABASE \"{database}\" WITH ALLOW_CONNECTIONS true");
        await admin.DisposeAsync();
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
