using System.Security.Claims;
using Dapper;
using KaPlatform.Accounts.Api.Shared;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.ServiceDefaults.Http;
using KaPlatform.ServiceDefaults.Lists;
using KaPlatform.ServiceDefaults.OpenApi;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace KaPlatform.Accounts.Api.Accounts;

/// <summary>
/// The list's and the export's filters and sort. Properties rather than a positional record: the request delegate
/// generator emits typeof(string?) for a constructor's nullable parameters, which does not compile. Each endpoint takes
/// it as its own [AsParameters] argument beside its other fields: the generator binds a type's own properties only,
/// so a base record shared by two query types would leave its properties unbound.
/// </summary>
public sealed record AccountFilters
{
    public string? Q { get; init; }
    [OneOf(typeof(ListAccounts), nameof(ListAccounts.Classes))] public string? Class { get; init; }
    public string? Region { get; init; }
    public Guid? OwnerId { get; init; }
    public Guid? ParentId { get; init; }
    public string? Industry { get; init; }
    [OneOf(typeof(Values), nameof(Values.Categories))] public string? Category { get; init; }
    [OneOf(typeof(Values), nameof(Values.LifecycleStages))] public string? LifecycleStage { get; init; }
    [OneOf(typeof(AccountListFilter), nameof(AccountListFilter.Sorts))] public string? Sort { get; init; }
}

/// <summary>The list's page: its size, where it continues, whether to count (properties: see <see cref="AccountFilters"/>).</summary>
public sealed record AccountPage
{
    public bool? IncludeTotal { get; init; }
    public int? Limit { get; init; }
    public string? Cursor { get; init; }
}

/// <summary>
/// GET /api/accounts?q=&amp;class=&amp;region=&amp;ownerId=&amp;parentId=&amp;sort=&amp;includeTotal=: visible accounts, keyset-paged
/// on (sort key, id), by name unless ?sort= names another column; ?includeTotal=true adds the count under the same
/// filters and visibility. q is a substring of the name in any script (trigram index).
/// </summary>
public static class ListAccounts
{
    internal static readonly string[] Classes = ["A", "B", "C", "D"];

    public static async Task<Ok<CountedPage<AccountResponse>>> HandleAsync(
        [AsParameters] AccountFilters filters, [AsParameters] AccountPage page, ClaimsPrincipal user, NpgsqlDataSource db,
        CancellationToken cancellationToken)
    {
        var filter = AccountListFilter.From(filters, Caller.From(user));
        var take = Paging.Limit(page.Limit);
        var total = page.IncludeTotal == true ? await filter.CountAsync(db, cancellationToken) : (long?)null;
        var rows = await filter.QueryAsync(db, page.Cursor, take + 1, cancellationToken);
        var answer = Paging.ToPage(rows, take, a => filter.Sort.Key(a.SortKey, a.Id));
        return TypedResults.Ok(new CountedPage<AccountResponse>(answer.Items, answer.NextCursor, total));
    }
}
