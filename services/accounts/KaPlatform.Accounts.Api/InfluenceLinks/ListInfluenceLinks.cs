using System.Globalization;
using System.Security.Claims;
using Dapper;
using KaPlatform.Accounts.Api.Shared;
using KaPlatform.Accounts.Api.Stakeholders;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace KaPlatform.Accounts.Api.InfluenceLinks;

/// <summary>
/// GET /api/accounts/{id}/influence-links, oldest first, departed people's links included (they are history). The note
/// of a link touching a protected contact is withheld from a reader who may not see that person.
/// </summary>
public static class ListInfluenceLinks
{
    public static async Task<Ok<Page<InfluenceLink>>> HandleAsync(
        Guid id, int? limit, string? cursor, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var take = Paging.Limit(limit);
        var after = KeysetCursor.Read(cursor);
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await AccountAccess.ReadAsync(connection, caller, id, cancellationToken);
        DateTime? afterAt = null;
        if (after is { } key)
        {
            afterAt = DateTime.TryParse(key.SortKey, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at)
                ? at : throw Paging.InvalidCursor();
        }

        var rows = await ReadAsync(connection, caller, "l.account_id = @id AND (@afterAt::timestamptz IS NULL OR (l.created_at, l.id) > (@afterAt, @afterId)) ORDER BY l.created_at, l.id LIMIT @take",
            new DynamicParameters(new { id, afterAt, afterId = after?.Id ?? Guid.Empty, take = take + 1 }), cancellationToken);
        return TypedResults.Ok(Paging.ToPage(rows, take, l => KeysetCursor.Key(l.CreatedAt.ToString("O", CultureInfo.InvariantCulture), l.Id)));
    }

    /// <summary>Links of one account as the caller may read them (also the power map's edges).</summary>
    internal static async Task<List<InfluenceLink>> ReadAsync(
        NpgsqlConnection connection, Caller caller, string where, DynamicParameters parameters, CancellationToken cancellationToken)
    {
        var hiddenFrom = ProtectedContacts.HiddenSql(caller, parameters, "f", "a");
        var hiddenTo = ProtectedContacts.HiddenSql(caller, parameters, "t", "a");
        return (await connection.QueryAsync<InfluenceLink>(new CommandDefinition(
            $"""
            SELECT l.id, l.account_id, l.from_id, l.to_id, l.kind, l.strength,
                   CASE WHEN {hiddenFrom} OR {hiddenTo} THEN NULL ELSE l.note END AS note, l.created_by, l.created_at
            FROM influence_links l JOIN accounts a ON a.id = l.account_id
                 JOIN stakeholders f ON f.id = l.from_id JOIN stakeholders t ON t.id = l.to_id
            WHERE {where}
            """, parameters, cancellationToken: cancellationToken))).ToList();
    }
}
