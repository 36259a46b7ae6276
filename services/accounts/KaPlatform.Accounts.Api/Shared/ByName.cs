using Dapper;
using Npgsql;

namespace KaPlatform.Accounts.Api.Shared;

/// <summary>
/// A list in name order, keyset-paged on (name, id): `q` finds a substring of the name in any script (trigram index),
/// the cursor continues after the last row, and one row more than the page tells whether there is a next page.
/// </summary>
internal static class ByName
{
    public static async Task<List<T>> QueryAsync<T>(
        NpgsqlDataSource db, string columns, string table, string alias, List<string> where, DynamicParameters parameters,
        string? q, (string SortKey, Guid Id)? after, int take, CancellationToken cancellationToken)
    {
        if (Like.Contains(q) is { } pattern)
        {
            parameters.Add("pattern", pattern);
            where.Add($"{alias}.name ILIKE @pattern");
        }

        if (after is { } key)
        {
            parameters.Add("after_name", key.SortKey);
            parameters.Add("after_id", key.Id);
            where.Add($"({alias}.name, {alias}.id) > (@after_name, @after_id)");
        }

        parameters.Add("take", take + 1);
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<T>(new CommandDefinition(
            $"SELECT {columns} FROM {table} {alias} WHERE {string.Join(" AND ", where)} ORDER BY {alias}.name, {alias}.id LIMIT @take",
            parameters, cancellationToken: cancellationToken))).AsList();
    }
}
