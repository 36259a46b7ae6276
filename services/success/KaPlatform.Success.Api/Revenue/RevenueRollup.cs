using System.Globalization;
using Dapper;
using KaPlatform.Success.Api.Shared;
using Npgsql;

namespace KaPlatform.Success.Api.Revenue;

/// <summary>
/// A region's calendar quarter or year read from the rollup PostgreSQL keeps as contracts are written (migration 0010,
/// docs/success.md "The revenue rollup"): the report's sums, its first rows and `cumulative`, without reading the
/// region's contracts. Only for the workspace's requests that need it: a whole region, no class or account filter,
/// `rows` given, and the rollup built with the rates this service is configured with.
/// </summary>
public static class RevenueRollup
{
    private sealed record Sums(long Accounts, decimal Revenue, decimal Previous, decimal Recurring, decimal Expansion, decimal Contraction,
        decimal Churned, decimal New, decimal Retained);

    private sealed record Share(Guid AccountId, decimal Revenue, decimal Previous);

    private sealed record MonthAmount(string Currency, decimal Amount);

    /// <summary>
    /// The rollup's reads for one region, or for every region (<paramref name="region"/> null: admin and finance, whose
    /// scope is every account in the directory, which is every contract with a region). Every region's first rows are
    /// read from its own index range and the first of those kept: the order's index leads with the region.
    /// </summary>
    private static string Sql(string? region)
    {
        var inRegion = region is null ? "" : "region = @region AND ";
        var regions = region is null
            ? "(SELECT DISTINCT region FROM revenue_period_totals WHERE grain = @grain AND period = @period) AS r"
            : "(VALUES (@region)) AS r (region)";
        return $"""
            SELECT rates FROM revenue_rollup_state;

            SELECT coalesce(sum(accounts), 0)::bigint AS accounts, coalesce(sum(revenue), 0) AS revenue, coalesce(sum(previous), 0) AS previous,
                   coalesce(sum(recurring), 0) AS recurring, coalesce(sum(expansion), 0) AS expansion, coalesce(sum(contraction), 0) AS contraction,
                   coalesce(sum(churned), 0) AS churned, coalesce(sum(new), 0) AS new, coalesce(sum(retained), 0) AS retained
            FROM revenue_period_totals WHERE {inRegion}grain = @grain AND period = @period;

            SELECT currency, sum(amount) AS amount FROM revenue_month_amounts
            WHERE {inRegion}month <= @to GROUP BY currency HAVING sum(contracts) > 0;

            SELECT p.account_id, p.revenue, p.previous
            FROM {regions}
            CROSS JOIN LATERAL (
                SELECT t.account_id, t.revenue, t.previous FROM revenue_account_periods t
                WHERE t.region = r.region AND t.grain = @grain AND t.period = @period AND (t.revenue > 0 OR t.previous > 0)
                ORDER BY t.revenue + t.previous DESC, t.account_id LIMIT @rows) p
            ORDER BY p.revenue + p.previous DESC, p.account_id LIMIT @rows;

            SELECT account_id FROM revenue_account_periods
            WHERE region IN (SELECT r.region FROM {regions}) AND grain = @grain AND period = @period
              AND (revenue > 0 OR previous > 0) AND account_id = ANY(@referrers);
            """;
    }

    /// <summary>The rollup's grain and period when [from, to] is one calendar quarter or year, else null.</summary>
    public static (string Grain, DateOnly Period)? PeriodOf(DateOnly from, DateOnly to) =>
        from.Day != 1 ? null
        : from.Month == 1 && to == from.AddYears(1).AddDays(-1) ? ("year", from)
        : from.Month % 3 == 1 && to == from.AddMonths(3).AddDays(-1) ? ("quarter", from)
        : null;

    /// <summary>The configured rates as the rollup keeps them (the base currency at 1) and the key that names them.</summary>
    public static (string Key, string[] Currencies, decimal[] Rates) RatesOf(SuccessOptions settings)
    {
        var rates = settings.FxRates.Where(r => r.Key != settings.BaseCurrency)
            .Append(KeyValuePair.Create(settings.BaseCurrency, 1m))
            .OrderBy(r => r.Key, StringComparer.Ordinal).ToArray();
        var key = string.Join(';', rates.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Key}={r.Value}")));
        return (key, [.. rates.Select(r => r.Key)], [.. rates.Select(r => r.Value)]);
    }

    /// <summary>
    /// The shortened report of one region (or of every region when <paramref name="region"/> is null) from the rollup, or
    /// null when the rollup was built with other rates (it is being rebuilt).
    /// </summary>
    public static async Task<RevenueReport?> TryReadAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string? region, DateOnly from, DateOnly to,
        int rows, IReadOnlyDictionary<Guid, ReferralFigure> referrals, SuccessOptions settings, CancellationToken cancellationToken)
    {
        if (PeriodOf(from, to) is not var (grain, period))
        {
            return null;
        }

        var (key, _, _) = RatesOf(settings);
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition(Sql(region),
            new { region, grain, period, to, rows, referrers = referrals.Keys.ToArray() }, transaction, cancellationToken: cancellationToken));
        if (await results.ReadSingleAsync<string?>() != key)
        {
            return null;
        }

        var sums = await results.ReadSingleAsync<Sums>();
        var months = (await results.ReadAsync<MonthAmount>()).ToList();
        var first = (await results.ReadAsync<Share>()).ToList();
        var counted = (await results.ReadAsync<Guid>()).ToHashSet();

        // An account that only referred leads in the period has a row of zeros (RevenueMetrics.Compute): after every
        // account with revenue, in account order.
        var referralOnly = referrals.Keys.Where(a => !counted.Contains(a)).Order().ToList();
        var kept = first.Select(s => (s.AccountId, s.Revenue, s.Previous))
            .Concat(referralOnly.Take(Math.Max(0, rows - first.Count)).Select(a => (AccountId: a, Revenue: 0m, Previous: 0m)))
            .ToList();
        var cumulative = await CumulativeAsync(connection, transaction, region, to, [.. kept.Select(k => k.AccountId)], settings, cancellationToken);
        var accounts = kept.Select(k => RevenueMetrics.RowOf(
                new RevenueMetrics.Totals(k.AccountId, "", null, k.Revenue, k.Previous, cumulative.GetValueOrDefault(k.AccountId)),
                referrals.GetValueOrDefault(k.AccountId)))
            .ToList();
        accounts.Sort(RevenueMetrics.InReportOrder);

        var unconverted = new SortedSet<string>(StringComparer.Ordinal);
        decimal cumulativeTotal = 0;
        foreach (var month in months)
        {
            if (RevenueMetrics.RateOf(month.Currency, settings) is { } rate)
            {
                cumulativeTotal += month.Amount * rate;
            }
            else
            {
                unconverted.Add(month.Currency);
            }
        }

        return RevenueMetrics.Summary(from, to, settings.BaseCurrency,
            new RevenueMetrics.Figures(sums.Revenue, sums.Previous, sums.Recurring, sums.Expansion, sums.Contraction, sums.Churned, sums.New,
                cumulativeTotal, sums.Retained, referrals.Values.Sum(r => r.Referrals), referrals.Values.Sum(r => r.ReferredWon),
                (int)sums.Accounts + referralOnly.Count),
            [.. unconverted], accounts);
    }

    /// <summary>Each kept row's own `cumulative`: its contracts signed up to the period's end, converted as the sums are.</summary>
    private static async Task<Dictionary<Guid, decimal>> CumulativeAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string? region, DateOnly to,
        Guid[] accounts, SuccessOptions settings, CancellationToken cancellationToken)
    {
        var cumulative = new Dictionary<Guid, decimal>();
        if (accounts.Length == 0)
        {
            return cumulative;
        }

        var amounts = await connection.QueryAsync<(Guid AccountId, string Currency, decimal Amount)>(new CommandDefinition(
            $"""
            SELECT account_id, currency, sum(amount) FROM contracts
            WHERE account_id = ANY(@accounts) AND {(region is null ? "account_region IS NOT NULL" : "account_region = @region")} AND signed_at <= @to
            GROUP BY account_id, currency
            """, new { accounts, region, to }, transaction, cancellationToken: cancellationToken));
        foreach (var (account, currency, amount) in amounts)
        {
            if (RevenueMetrics.RateOf(currency, settings) is { } rate)
            {
                cumulative[account] = cumulative.GetValueOrDefault(account) + amount * rate;
            }
        }

        return cumulative;
    }
}
