using System.Security.Claims;
using Dapper;
using KaPlatform.Accounts.Api.Shared;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace KaPlatform.Accounts.Api.Users;

/// <summary>
/// GET /api/users?q=: people by a substring of their name in any script (王 finds 王磊), keyset-paged on (name, id);
/// GET /api/users/{id}: one person. Every signed-in user may look people up (to pick owners and team members);
/// only admins see roles.
/// </summary>
public static class SearchUsers
{
    public static async Task<Ok<Page<UserResponse>>> HandleAsync(
        string? q, int? limit, string? cursor, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        var take = Paging.Limit(limit);
        var after = KeysetCursor.Read(cursor);
        var rows = await ByName.QueryAsync<UserResponse>(db, UserResponse.Columns, "users", "u", ["TRUE"], new DynamicParameters(), q, after, take, cancellationToken);
        var caller = Caller.From(user);
        return TypedResults.Ok(Paging.ToPage(rows.Select(r => r.For(caller)).ToList(), take, u => KeysetCursor.Key(u.Name, u.Id)));
    }

    public static async Task<Results<Ok<UserResponse>, NotFound>> GetAsync(
        Guid id, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<UserResponse>(new CommandDefinition(
            $"SELECT {UserResponse.Columns} FROM users u WHERE u.id = @id", new { id }, cancellationToken: cancellationToken));
        return row is null ? TypedResults.NotFound() : TypedResults.Ok(row.For(Caller.From(user)));
    }
}
