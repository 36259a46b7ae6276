using System.Security.Claims;
using Dapper;
using KaPlatform.Opportunities.Api.Opportunities;
using KaPlatform.Opportunities.Api.Shared;
using KaPlatform.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace KaPlatform.Opportunities.Api.Targets;

public sealed record StageForecast(string Stage, int Count, decimal Amount, decimal Weighted);

public sealed record WinRateBasis(DateOnly From, DateOnly To, int Won, int Lost);

public sealed record ForecastResponse(
    string Period, DateOnly From, DateOnly To, Guid? OwnerId, string Currency,
    decimal Target, decimal ClosedWon, decimal Pipeline, decimal WeightedPipeline, decimal Gap, decimal? Coverage,
    decimal WinRate, WinRateBasis WinRateBasis, decimal? RequiredPipeline, IReadOnlyList<StageForecast> ByStage)
{
    /// <summary>docs/product.md §9: the family forecast counts only that family's lines.</summary>
    public string? ProductFamily { get; init; }

    /// <summary>Σ floors of the matching targets; null when none has a floor.</summary>
    public decimal? Floor { get; init; }

    /// <summary>max(0, floor − closedWon); null without a floor.</summary>
    public decimal? FloorGap { get; init; }
}

/// <summary>
/// GET /api/forecast?period=&amp;ownerId= with the formulas of docs/product.md §2.4, over the opportunities the caller may see.
/// One range over the win-rate window (the four quarters ending with the period, which always contain it): forecast_on
/// is the close date once closed and the expected close date while open. Whole regions and the whole company read that
/// range from <see cref="ForecastRollup"/>; an owner, a family or a team scope reads the opportunities.
/// </summary>
public static class Forecast
{
    public const string BaseCurrency = "CNY";
    public const decimal DefaultWinRate = 0.3m;

    private sealed record StageRow(string Stage, int Count, decimal Amount, decimal Weighted, int WindowCount);

    public static Task<Ok<ForecastResponse>> HandleAsync(
        string? period, Guid? ownerId, string? productFamily, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken cancellationToken) =>
        ComputeAsync(period, ownerId, productFamily, user, db, useRollup: true, cancellationToken);

    /// <summary>
    /// <paramref name="useRollup"/> false always reads the opportunities: the tests compare both answers on one data set.
    /// </summary>
    internal static async Task<Ok<ForecastResponse>> ComputeAsync(
        string? period, Guid? ownerId, string? productFamily, ClaimsPrincipal user, NpgsqlDataSource db, bool useRollup,
        CancellationToken cancellationToken)
    {
        var p = Period.Parse(period);
        var caller = Caller.From(user);
        ownerId = DefaultOwner(caller, ownerId);
        var family = string.IsNullOrWhiteSpace(productFamily) ? null : productFamily.Trim();
        var parameters = new DynamicParameters(new { ps = p.Start, pe = p.End, ws = p.WinRateWindowStart, ownerId, currency = BaseCurrency, family });
        var source = Source(caller, parameters);
        // By family, a deal counts with its lines of that family only (and not at all without one).
        var (from, amount) = family is null
            ? (source.From, "o.amount")
            : (source.From + " JOIN (SELECT opportunity_id, sum(exact_amount) AS amount FROM opportunity_lines WHERE family = @family GROUP BY opportunity_id) fl ON fl.opportunity_id = o.id",
                "fl.amount");
        var targetScope = TargetScope.Predicate(caller, parameters);

        // Without an owner or a family, whole regions (or everything) are answered from the rollup: a few thousand rows.
        var rollupScope = useRollup && ownerId is null && family is null ? ForecastRollup.Scope(caller, parameters) : null;
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var rows = (await connection.QueryAsync<StageRow>(rollupScope is not null ? ForecastRollup.StageRowsSql(rollupScope) :
            $"""
            SELECT o.stage,
                   count(*) FILTER (WHERE o.forecast_on >= @ps AND o.currency = @currency)::int AS count,
                   coalesce(sum({amount}) FILTER (WHERE o.forecast_on >= @ps AND o.currency = @currency), 0) AS amount,
                   coalesce(sum({amount} * o.probability / 100.0) FILTER (WHERE o.forecast_on >= @ps AND o.currency = @currency), 0) AS weighted,
                   count(*)::int AS window_count
            FROM {from}
            WHERE {source.Where} AND o.forecast_on BETWEEN @ws AND @pe AND (@ownerId::uuid IS NULL OR o.owner_id = @ownerId)
            GROUP BY o.stage
            """, parameters)).ToDictionary(r => r.Stage);
        var (target, floor) = await connection.QuerySingleAsync<(decimal, decimal?)>(
            $"""
            SELECT coalesce(sum(t.amount), 0), sum(t.floor) FROM targets t
            WHERE {targetScope} AND t.period = @period AND t.currency = @currency AND (@ownerId::uuid IS NULL OR t.owner_id = @ownerId)
              AND t.product_family IS NOT DISTINCT FROM @family
            """, AddPeriod(parameters, p));

        var open = Stages.Open.Select(s => rows.TryGetValue(s, out var r)
            ? new StageForecast(s, r.Count, Money(r.Amount), Money(r.Weighted))
            : new StageForecast(s, 0, 0m, 0m)).ToList();
        var closedWon = rows.TryGetValue(Stages.Won, out var won) ? Money(won.Amount) : 0m;
        var wonCount = won?.WindowCount ?? 0;
        var lostCount = rows.TryGetValue(Stages.Lost, out var lost) ? lost.WindowCount : 0;
        var pipeline = open.Sum(s => s.Amount);
        var gap = Math.Max(0m, target - closedWon);
        // Shown to four places; the required pipeline uses the exact ratio so 2 won of 3 asks for gap × 1.5, not ÷ 0.6667.
        var winRate = wonCount + lostCount == 0 ? DefaultWinRate : (decimal)wonCount / (wonCount + lostCount);

        return TypedResults.Ok(new ForecastResponse(
            p.Text, p.Start, p.End, ownerId, BaseCurrency, target, closedWon, pipeline,
            Money(open.Sum(s => rows.TryGetValue(s.Stage, out var r) ? r.Weighted : 0m)), gap,
            gap == 0 ? null : Math.Round(pipeline / gap, 4), Math.Round(winRate, 4),
            new WinRateBasis(p.WinRateWindowStart, p.End, wonCount, lostCount),
            gap == 0 ? 0m : winRate == 0 ? null : Money(gap / winRate), open)
        {
            ProductFamily = family,
            Floor = floor,
            FloorGap = floor is { } f ? Math.Max(0m, f - closedWon) : null,
        });
    }

    /// <summary>A KAM or rep forecasts their own number unless they name another owner; directors see their region.</summary>
    internal static Guid? DefaultOwner(Caller caller, Guid? ownerId) =>
        ownerId ?? (caller.IsAny(Roles.KeyAccountManager, Roles.SalesRep) && !caller.IsAny(Roles.Admin, Roles.SalesDirector, Roles.Finance)
            ? caller.UserId
            : null);

    /// <summary>
    /// The visible opportunities "o". A caller who sees whole regions only (director, CS manager) is served from the
    /// region copied onto each opportunity — one index range instead of a probe per account; team-based callers join
    /// the account directory (few accounts); admin and finance need no filter.
    /// </summary>
    internal static (string From, string Where) Source(Caller caller, DynamicParameters parameters)
    {
        if (AccountScope.WholeRegionOnly(caller) is { } region)
        {
            parameters.Add("scope_region", region);
            return ("opportunities o", "o.account_region = @scope_region");
        }

        var scope = AccountScope.Predicate(caller, parameters, "d");
        return scope == "TRUE" ? ("opportunities o", "TRUE") : ("opportunities o JOIN account_directory d ON d.id = o.account_id", scope);
    }

    private static DynamicParameters AddPeriod(DynamicParameters parameters, Period p)
    {
        parameters.Add("period", p.Text);
        return parameters;
    }

    private static decimal Money(decimal value) => Math.Round(value, 2, MidpointRounding.AwayFromZero);
}
