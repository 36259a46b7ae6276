using System.Security.Claims;
using Dapper;
using KaPlatform.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace KaPlatform.Accounts.Api.Users;

/// <summary>
/// POST /api/users/me takes no fields: everything comes from the token. The empty body type still makes the input
/// guard refuse malformed JSON and anything but JSON, so a broken request records nothing.
/// </summary>
public sealed record RecordSignInRequest;

/// <summary>
/// POST /api/users/me: the workspace calls it right after sign-in. The token is the source of truth for the
/// caller's own entry (name, roles, region as the provider says today), and the answer is the caller as the
/// platform sees them — the UUID every service uses, even when the provider's subject is not one.
/// </summary>
public static class RecordSignIn
{
    private const string Upsert = $"""
        INSERT INTO users AS u (id, name, roles, region, last_seen, source)
        VALUES (@Id, @Name, @Roles, @Region, now(), 'token')
        ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, roles = EXCLUDED.roles, region = EXCLUDED.region,
                                       last_seen = now(), source = 'token', updated_at = now()
        RETURNING {UserResponse.Columns}
        """;

    public static async Task<Ok<UserResponse>> HandleAsync(RecordSignInRequest? request, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleAsync<UserResponse>(new CommandDefinition(Upsert, new
        {
            Id = caller.UserId,
            Name = caller.Name.Length > 0 ? caller.Name : caller.UserId.ToString(),
            Roles = caller.Roles.Order(StringComparer.Ordinal).ToArray(),
            caller.Region,
        }, cancellationToken: cancellationToken));

        // The caller always sees their own roles: the workspace draws its menu from them.
        return TypedResults.Ok(row);
    }
}
