using System.Security.Claims;
using Dapper;
using KaPlatform.Accounts.Api.Shared;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace KaPlatform.Accounts.Api.Accounts;

public sealed record ListAccountsQuery(
    string? Q, string? Class, string? Region, Guid? OwnerId, Guid? ParentId,
    string? Industry, string? Category, string? LifecycleStage, int? Limit, string? Cursor);

/// <summary>
/// GET /api/accounts?q=&amp;class=&amp;region=&amp;ownerId=&amp;parentId=: visible accounts by name, keyset-paged on (name, id).
/// q is a substring of the name in any script (trigram index); only the filters given reach the SQL.
/// </summary>
public static class ListAccounts
{
    private static readonly string[] Classes = ["A", "B", "C", "D"];

    public static async Task<Ok<Page<AccountResponse>>> HandleAsync(
        [AsParameters] ListAccountsQuery query, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        errors.OneOf("class", query.Class, Classes);
        errors.OneOf("category", query.Category, Values.Categories);
        errors.OneOf("lifecycleStage", query.LifecycleStage, Values.LifecycleStages);
        errors.ThrowIfAny();
        var take = Paging.Limit(query.Limit);
        var after = KeysetCursor.Read(query.Cursor);

        var parameters = new DynamicParameters();
        var where = new List<string> { AccountScope.Predicate(Caller.From(user), parameters, "a") };
        void Filter(string column, object? value)
        {
            if (value is not null)
            {
                parameters.Add(column, value);
                where.Add($"a.{column} = @{column}");
            }
        }

        Filter("class", query.Class);
        Filter("region", query.Region);
        Filter("owner_id", query.OwnerId);
        Filter("parent_id", query.ParentId);
        Filter("industry", query.Industry);
        Filter("category", query.Category);
        Filter("lifecycle_stage", query.LifecycleStage);
        if (Like.Contains(query.Q) is { } pattern)
        {
            parameters.Add("pattern", pattern);
            where.Add("a.name ILIKE @pattern");
        }

        if (after is { } key)
        {
            parameters.Add("after_name", key.SortKey);
            parameters.Add("after_id", key.Id);
            where.Add("(a.name, a.id) > (@after_name, @after_id)");
        }

        parameters.Add("take", take + 1);
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var rows = (await connection.QueryAsync<AccountResponse>(new CommandDefinition(
            $"SELECT {AccountResponse.Columns} FROM accounts a WHERE {string.Join(" AND ", where)} ORDER BY a.name, a.id LIMIT @take",
            parameters, cancellationToken: cancellationToken))).ToList();
        return TypedResults.Ok(Paging.ToPage(rows, take, a => KeysetCursor.Key(a.Name, a.Id)));
    }
}
