using Dapper;
using KaPlatform.Opportunities.Api.Shared;
using KaPlatform.ServiceDefaults.Auth;

namespace KaPlatform.Opportunities.Api.Targets;

/// <summary>
/// The forecast's per-stage sums read from forecast_rollup (migration 0008), which triggers on opportunities keep per
/// region, month, stage and currency. It can answer only for callers who see whole regions: an owner, a family or a
/// team scope needs the opportunities themselves.
/// </summary>
internal static class ForecastRollup
{
    /// <summary>The rollup's filter for this caller, or null when the rollup cannot answer for them.</summary>
    public static string? Scope(Caller caller, DynamicParameters parameters)
    {
        if (AccountScope.WholeRegionOnly(caller) is { } region)
        {
            parameters.Add("scope_region", region);
            return "r.account_region = @scope_region";
        }

        return AccountScope.SeesAll(caller) ? "TRUE" : null;
    }

    /// <summary>
    /// Same columns and same figures as the query over opportunities: periods and win-rate windows start on the first of
    /// a month, so a month falls wholly inside or outside each range. Rows whose count fell to 0 are skipped so that a
    /// stage with nothing in the period sums to the same 0 as over opportunities.
    /// </summary>
    public static string StageRowsSql(string scope) =>
        $"""
        SELECT r.stage,
               coalesce(sum(r.count) FILTER (WHERE r.forecast_month >= @ps AND r.currency = @currency), 0)::int AS count,
               coalesce(sum(r.amount) FILTER (WHERE r.forecast_month >= @ps AND r.currency = @currency), 0) AS amount,
               coalesce(sum(r.weighted) FILTER (WHERE r.forecast_month >= @ps AND r.currency = @currency), 0) AS weighted,
               sum(r.count)::int AS window_count
        FROM forecast_rollup r
        WHERE {scope} AND r.forecast_month BETWEEN @ws AND @pe AND r.count > 0
        GROUP BY r.stage
        """;
}
