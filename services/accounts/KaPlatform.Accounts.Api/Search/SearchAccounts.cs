using System.Security.Claims;
using Dapper;
using KaPlatform.Accounts.Api.Shared;
using KaPlatform.Accounts.Api.Stakeholders;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.ServiceDefaults.Search;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace KaPlatform.Accounts.Api.Search;

/// <summary>
/// GET /api/accounts/search?q=&amp;limit=: the accounts-api part of the workspace's global search (docs/search.md) —
/// accounts by name, stakeholders by name/title/department, visits by their text — each limited, only what the
/// caller may see (docs/product.md §6), and a protected contact's text never matches for someone who may not see it (§8).
/// </summary>
public static class SearchAccounts
{
    public static async Task<Ok<SearchResults>> HandleAsync(string? q, int? limit, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        var (pattern, prefix, take) = GlobalSearch.Parse(q, limit);
        var caller = Caller.From(user);
        var parameters = new DynamicParameters(new { pattern, prefix, take });
        var scope = AccountScope.Predicate(caller, parameters, "a");
        var named = NameSearch.Condition(q, parameters, "a") ?? "FALSE";
        var hiddenPerson = ProtectedContacts.HiddenSql(caller, parameters, "s", "a");
        var hiddenVisit = ProtectedContacts.HiddenInteractionSql(caller, parameters, "i", "a");
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        using var grid = await connection.QueryMultipleAsync(new CommandDefinition(
            $"""
            SELECT 'account' AS kind, a.id, a.id AS accountid, a.name AS accountname, a.name AS title, a.region AS subtitle
            FROM accounts a WHERE {scope} AND {named}
            ORDER BY a.name ILIKE @prefix DESC, a.name, a.id LIMIT @take;

            SELECT 'stakeholder' AS kind, s.id, a.id AS accountid, a.name AS accountname, s.name AS title,
                   concat_ws(' · ', s.title, s.department) AS subtitle
            FROM stakeholders s JOIN accounts a ON a.id = s.account_id
            WHERE {scope} AND (s.name ILIKE @pattern OR s.title ILIKE @pattern OR s.department ILIKE @pattern) AND NOT {hiddenPerson}
            ORDER BY s.name ILIKE @prefix DESC, s.name, s.id LIMIT @take;

            SELECT 'visit' AS kind, i.id, a.id AS accountid, a.name AS accountname, left(i.summary, 120) AS title,
                   to_char(i.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS subtitle
            FROM interactions i JOIN accounts a ON a.id = i.account_id
            WHERE {scope} AND i.search_text ILIKE @pattern AND NOT {hiddenVisit}
            ORDER BY i.occurred_at DESC, i.id DESC LIMIT @take;
            """, parameters, cancellationToken: cancellationToken));
        var groups = new List<SearchGroup>();
        foreach (var kind in new[] { "account", "stakeholder", "visit" })
        {
            groups.Add(new SearchGroup(kind, (await grid.ReadAsync<SearchHit>()).AsList()));
        }

        return TypedResults.Ok(new SearchResults(q!.Trim(), groups));
    }
}
