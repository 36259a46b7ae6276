using System.Globalization;
using System.Security.Claims;
using Dapper;
using KaPlatform.Accounts.Api.Shared;
using KaPlatform.Accounts.Api.Stakeholders;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.ServiceDefaults.Http;
using KaPlatform.ServiceDefaults.Input;
using KaPlatform.ServiceDefaults.OpenApi;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace KaPlatform.Accounts.Api.Interactions;

/// <summary>The search's query string (properties: see AccountFilters).</summary>
public sealed record SearchInteractionsQuery
{
    public string? Q { get; init; }
    [OneOf(typeof(Values), nameof(Values.InteractionKinds))] public string? Kind { get; init; }
    public Guid? StakeholderId { get; init; }
    public DateTimeOffset? From { get; init; }
    public DateTimeOffset? To { get; init; }
    public int? Limit { get; init; }
    public string? Cursor { get; init; }
}

/// <summary>
/// GET /api/accounts/{id}/interactions?q= and GET /api/interactions?q= (every visible account): newest first, q a
/// substring of summary, topics or next steps in any script — "what did they say last time" in one query.
/// </summary>
public static class SearchInteractions
{
    public static async Task<Ok<Page<Interaction>>> ForAccountAsync(
        Guid id, [AsParameters] SearchInteractionsQuery query, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var caller = Caller.From(user);
        await AccountAccess.ReadAsync(connection, caller, id, cancellationToken);
        var parameters = new DynamicParameters(new { id });
        return TypedResults.Ok(await SearchAsync(connection, caller, query, parameters, ["i.account_id = @id"], cancellationToken));
    }

    public static async Task<Ok<Page<Interaction>>> AcrossAccountsAsync(
        [AsParameters] SearchInteractionsQuery query, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var parameters = new DynamicParameters();
        var scope = AccountScope.Predicate(caller, parameters, "a");
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return TypedResults.Ok(AccountScope.IsTeamOnly(caller)
            ? await SearchAsync(connection, caller, query, parameters, [], cancellationToken, perAccountScope: scope)
            : await SearchAsync(connection, caller, query, parameters, [scope], cancellationToken));
    }

    private static async Task<Page<Interaction>> SearchAsync(
        NpgsqlConnection connection, Caller caller, SearchInteractionsQuery query, DynamicParameters parameters, List<string> where, CancellationToken cancellationToken,
        string? perAccountScope = null)
    {
        // An entry naming a protected contact the reader may not see is listed without its text and never matches q (docs/product.md §8).
        var hidden = ProtectedContacts.HiddenInteractionSql(caller, parameters, "i", "a");
        var errors = new FieldErrors();
        errors.OneOf("kind", query.Kind, Values.InteractionKinds);
        errors.ThrowIfAny();
        var take = Paging.Limit(query.Limit);
        if (Like.Contains(query.Q) is { } pattern)
        {
            parameters.Add("pattern", pattern);
            where.Add($"i.search_text ILIKE @pattern AND NOT {hidden}");
        }

        void Filter(string condition, string name, object? value)
        {
            if (value is not null)
            {
                parameters.Add(name, value);
                where.Add(condition);
            }
        }

        Filter("i.kind = @kind", "kind", query.Kind);
        Filter("@stakeholder = ANY(i.stakeholder_ids)", "stakeholder", query.StakeholderId);
        Filter("i.occurred_at >= @from", "from", query.From?.UtcDateTime);
        Filter("i.occurred_at < @to", "to", query.To?.UtcDateTime);
        DateTime? afterAt = null;
        if (KeysetCursor.Read(query.Cursor) is { } after)
        {
            if (!DateTime.TryParse(after.SortKey, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at))
            {
                throw Paging.InvalidCursor();
            }

            parameters.Add("after_at", at);
            afterAt = at;
            parameters.Add("after_id", after.Id);
            where.Add("(i.occurred_at, i.id) < (@after_at, @after_id)");
        }

        parameters.Add("take", take + 1);
        var conditions = where.Count == 0 ? "TRUE" : string.Join(" AND ", where);
        var rows = perAccountScope is null
            ? await QueryAsync(connection, AcrossVisibleSql(conditions, hidden), parameters, cancellationToken)
            : await AcrossTeamAccountsAsync(connection, query, afterAt, conditions, perAccountScope, hidden, parameters, take, cancellationToken);
        return Paging.ToPage(rows, take, i => KeysetCursor.Key(i.OccurredAt.ToString("O", CultureInfo.InvariantCulture), i.Id));
    }

    private static string AcrossVisibleSql(string conditions, string hidden) => $"""
        SELECT {Interaction.Columns}, {hidden} AS confidential FROM interactions i JOIN accounts a ON a.id = i.account_id
        WHERE {conditions}
        ORDER BY i.occurred_at DESC, i.id DESC LIMIT @take
        """;

    /// <summary>Newest first per team account (its own index), then merged: a KAM's few thousand accounts, not the whole table.</summary>
    private static string PerAccountSql(string conditions, string perAccountScope, string hidden) => $"""
        SELECT {Interaction.Columns}, {hidden} AS confidential
        FROM accounts a CROSS JOIN LATERAL (
            SELECT i.* FROM interactions i WHERE i.account_id = a.id AND {conditions}
            ORDER BY i.occurred_at DESC, i.id DESC LIMIT @take) i
        WHERE {perAccountScope}
        ORDER BY i.occurred_at DESC, i.id DESC LIMIT @take
        """;

    /// <summary>
    /// A KAM's search with q reads every interaction of every team account when it walks them all (6,500 accounts,
    /// 65,000 rows at ten times the demo's scale: p95 393 ms). VisitSearchPlan narrows it first: the last 90 days, and
    /// for a rare word of three characters or more, the word's own index; the full walk stays the answer of last resort.
    /// </summary>
    private static async Task<List<Interaction>> AcrossTeamAccountsAsync(
        NpgsqlConnection connection, SearchInteractionsQuery query, DateTime? afterAt, string conditions, string perAccountScope, string hidden,
        DynamicParameters parameters, int take, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(query.Q) && query.From is null)
        {
            var recent = await QueryAsync(connection, PerAccountSql($"{conditions} AND {VisitSearchPlan.Recent(parameters, afterAt, query.To?.UtcDateTime)}", perAccountScope, hidden), parameters, cancellationToken);
            if (recent.Count > take)
            {
                return recent;
            }

            if (await VisitSearchPlan.RareWordAsync(connection, query.Q.Trim(), parameters, cancellationToken))
            {
                return await VisitSearchPlan.ByWordIndexAsync(connection, AcrossVisibleSql($"{conditions} AND {perAccountScope}", hidden), parameters, cancellationToken);
            }
        }

        return await QueryAsync(connection, PerAccountSql(conditions, perAccountScope, hidden), parameters, cancellationToken);
    }

    internal static async Task<List<Interaction>> QueryAsync(NpgsqlConnection connection, string sql, DynamicParameters parameters, CancellationToken cancellationToken, NpgsqlTransaction? transaction = null) =>
        (await connection.QueryAsync<Interaction>(new CommandDefinition(sql, parameters, transaction, cancellationToken: cancellationToken)))
            .Select(i => i.Confidential ? i.Redacted() : i).ToList();
}
