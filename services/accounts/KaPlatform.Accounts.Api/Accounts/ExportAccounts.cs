using System.Security.Claims;
using KaPlatform.Accounts.Api.Shared;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.ServiceDefaults.Lists;
using KaPlatform.ServiceDefaults.OpenApi;
using Npgsql;

namespace KaPlatform.Accounts.Api.Accounts;

/// <summary>
/// The export's query string: the list's filters and sort, the file's format and language (properties: see
/// ListAccountsQuery). The filters are repeated rather than inherited from ListAccountsQuery's: the request delegate
/// generator binds a type's own properties only (with a shared base record the list ignored its filters and its sort: 15 accounts tests failed).
/// </summary>
public sealed record ExportAccountsQuery
{
    [OneOf(typeof(ListExport), nameof(ListExport.Formats))] public string? Format { get; init; }
    [OneOf(typeof(ListExport), nameof(ListExport.Languages))] public string? Lang { get; init; }
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

/// <summary>
/// GET /api/accounts/export?format=csv|xlsx&amp;lang=&amp;(the list's filters and sort): the whole filtered, sorted list as a
/// file, under the list's own visibility rule (a rep exports only her accounts). Headers in the reader's language.
/// </summary>
public static class ExportAccounts
{
    private static readonly ExportColumn<AccountResponse>[] Columns =
    [
        new("Name", "客户名称", a => a.Name),
        new("Class", "分级", a => a.Class),
        new("Region", "区域", a => a.Region),
        new("Owner", "负责人", a => a.OwnerName ?? a.OwnerId.ToString()),
        new("Industry", "行业", a => a.Industry),
        new("Category", "客户类别", a => a.Category),
        new("Lifecycle", "生命周期", a => a.LifecycleStage),
        new("Parent id", "所属集团编号", a => a.ParentId?.ToString()),
        new("Created", "创建时间", a => a.CreatedAt),
        new("Id", "编号", a => a.Id.ToString()),
    ];

    public static async Task<IResult> HandleAsync(
        [AsParameters] ExportAccountsQuery query, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        ListExport.Validate(query.Format, query.Lang);
        var filter = AccountListFilter.From(
            new ListAccountsQuery
            {
                Q = query.Q, Class = query.Class, Region = query.Region, OwnerId = query.OwnerId, ParentId = query.ParentId,
                Industry = query.Industry, Category = query.Category, LifecycleStage = query.LifecycleStage, Sort = query.Sort,
            },
            Caller.From(user));
        var rows = await filter.QueryAsync(db, null, ListExport.MaxRows + 1, cancellationToken);
        ListExport.CheckCap(rows.Count);
        return ListExport.File(query.Format, query.Lang, "accounts", "客户列表", Columns, rows);
    }
}
