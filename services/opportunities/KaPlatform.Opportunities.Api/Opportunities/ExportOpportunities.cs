using System.Security.Claims;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.ServiceDefaults.Lists;
using KaPlatform.ServiceDefaults.OpenApi;
using Npgsql;

namespace KaPlatform.Opportunities.Api.Opportunities;

/// <summary>
/// GET /api/opportunities/export?format=csv|xlsx&amp;lang=&amp;(the list's filters and sort): the whole filtered, sorted list
/// as a file under the list's own visibility rule. Amounts keep their currency in the next column; nothing is converted.
/// </summary>
public static class ExportOpportunities
{
    private static readonly ExportColumn<OpportunityRow>[] Columns =
    [
        new("Name", "商机名称", o => o.Name),
        new("Account", "客户", o => o.AccountName),
        new("Type", "类型", o => o.Type),
        new("Stage", "阶段", o => o.Stage),
        new("Probability %", "赢率 %", o => o.Probability),
        new("Amount", "金额", o => o.Amount),
        new("Currency", "币种", o => o.Currency),
        new("Weighted amount", "加权金额", o => Math.Round(o.Amount * o.Probability / 100m, 2, MidpointRounding.AwayFromZero)),
        new("Expected close", "预计成交", o => o.ExpectedCloseDate),
        new("Close date", "成交日期", o => o.CloseDate),
        new("Owner id", "负责人编号", o => o.OwnerId.ToString()),
        new("Id", "编号", o => o.Id.ToString()),
    ];

    public static async Task<IResult> HandleAsync(
        [OneOf(typeof(ListExport), nameof(ListExport.Formats))] string? format, [OneOf(typeof(ListExport), nameof(ListExport.Languages))] string? lang,
        Guid? accountId, Guid? ownerId, [OneOf(typeof(OpportunityListFilter), nameof(OpportunityListFilter.StageFilter))] string? stage,
        [OneOf(typeof(Stages), nameof(Stages.Types))] string? type, bool? stuck, string? q, bool? open,
        [OneOf(typeof(OpportunityListFilter), nameof(OpportunityListFilter.Sorts))] string? sort,
        ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        ListExport.Validate(format, lang);
        var filter = OpportunityListFilter.From(new OpportunityFilters(accountId, ownerId, stage, type, stuck, q, open, sort), Caller.From(user));
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var rows = await filter.QueryAsync(connection, null, ListExport.MaxRows + 1, cancellationToken);
        ListExport.CheckCap(rows.Count);
        return ListExport.File(format, lang, "opportunities", "商机列表", Columns, rows);
    }
}
