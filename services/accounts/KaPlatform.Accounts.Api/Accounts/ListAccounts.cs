using System.Security.Claims;
using Dapper;
using KaPlatform.Accounts.Api.Shared;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.ServiceDefaults.Http;
using KaPlatform.ServiceDefaults.OpenApi;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace KaPlatform.Accounts.Api.Accounts;

public sealed record ListAccountsQuery(
    string? Q, [property: OneOf(typeof(ListAccounts), nameof(ListAccounts.Classes))] string? Class, string? Region, Guid? OwnerId, Guid? ParentId,
    string? Industry, [property: OneOf(typeof(Values), nameof(Values.Categories))] string? Category,
    [property: OneOf(typeof(Values), nameof(Values.LifecycleStages))] string? LifecycleStage, int? Limit, string? Cursor);

/// <summary>
/// GET /api/accounts?q=&amp;class=&amp;region=&amp;ownerId=&amp;parentId=: visible accounts by name, keyset-paged on (name, id).
/// q is a substring of the name in any script (trigram index); only the filters given reach the SQL.
/// </summary>
public static class ListAccounts
{
    internal static readonly string[] Classes = ["A", "B", "C", "D"];

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
        var rows = await ByName.QueryAsync<AccountResponse>(db, AccountResponse.Columns, "accounts", "a", where, parameters, query.Q, after, take, cancellationToken);
        return TypedResults.Ok(Paging.ToPage(rows, take, a => KeysetCursor.Key(a.Name, a.Id)));
    }
}
