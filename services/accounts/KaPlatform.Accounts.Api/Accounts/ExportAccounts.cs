using System.Security.Claims;
using KaPlatform.Accounts.Api.Shared;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.ServiceDefaults.Lists;
using KaPlatform.ServiceDefaults.OpenApi;
using Npgsql;

namespace KaPlatform.Accounts.Api.Accounts;

/// <summary>The export's file: its format and the language of its headers (properties: see <see cref="AccountFilters"/>).</summary>
public sealed record ExportAccountsFile
{
    [OneOf(typeof(ListExport), nameof(ListExport.Formats))] public string? Format { get; init; }
    [OneOf(typeof(ListExport), nameof(ListExport.Languages))] public string? Lang { get; init; }
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
        [AsParameters] AccountFilters filters, [AsParameters] ExportAccountsFile file, ClaimsPrincipal user, NpgsqlDataSource db,
        CancellationToken cancellationToken)
    {
        ListExport.Validate(file.Format, file.Lang);
        var filter = AccountListFilter.From(filters, Caller.From(user));
        var rows = await filter.QueryAsync(db, null, ListExport.MaxRows + 1, cancellationToken);
        ListExport.CheckCap(rows.Count);
        return ListExport.File(file.Format, file.Lang, "accounts", "客户列表", Columns, rows);
    }
}
