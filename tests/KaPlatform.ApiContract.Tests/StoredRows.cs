using Dapper;
using Npgsql;

namespace KaPlatform.ApiContract.Tests;

/// <summary>Exact row counts of every table of the four service databases, waiting until background work has settled.</summary>
public static class StoredRows
{
    public static async Task<Dictionary<string, long>> CountAsync(ApiContractFixture platform)
    {
        var previous = await OnceAsync(platform);
        for (var attempt = 0; attempt < 30; attempt++)
        {
            await Task.Delay(500);
            var current = await OnceAsync(platform);
            if (current.Count == previous.Count && current.All(c => previous.GetValueOrDefault(c.Key) == c.Value))
            {
                return current;
            }

            previous = current;
        }

        return previous;
    }

    private static async Task<Dictionary<string, long>> OnceAsync(ApiContractFixture platform)
    {
        var counts = new Dictionary<string, long>();
        foreach (var service in ApiContractFixture.Services)
        {
            await using var connection = new NpgsqlConnection(platform.Database(service));
            var tables = await connection.QueryAsync<string>(
                "SELECT quote_ident(tablename) FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_migrations' ORDER BY 1");
            foreach (var table in tables)
            {
                counts[$"{service}.{table}"] = await connection.ExecuteScalarAsync<long>($"SELECT count(*) FROM {table}");
            }
        }

        return counts;
    }
}
