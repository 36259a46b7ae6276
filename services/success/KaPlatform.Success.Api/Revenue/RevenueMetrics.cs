using System.Security.Claims;
using Dapper;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.ServiceDefaults.Input;
using KaPlatform.ServiceDefaults.OpenApi;
using KaPlatform.Success.Api.Shared;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Npgsql;

namespace KaPlatform.Success.Api.Revenue;

public sealed record AccountRevenue(
    Guid AccountId, string AccountName, string? Class, decimal Revenue, decimal PreviousRevenue,
    decimal Recurring, decimal Expansion, decimal Contraction, decimal Churned, decimal New, decimal Cumulative)
{
    /// <summary>docs/product.md §9: leads this account referred in the period.</summary>
    public int Referrals { get; init; }

    /// <summary>docs/product.md §9: won amount (base currency) of those referred leads' opportunities closed in the period.</summary>
    public decimal ReferredWon { get; init; }
}

public sealed record RevenueReport(
    DateOnly From, DateOnly To, DateOnly PreviousFrom, DateOnly PreviousTo, string Currency,
    decimal Revenue, decimal PreviousRevenue, decimal Recurring, decimal Expansion, decimal Contraction, decimal Churned, decimal New,
    decimal Cumulative, decimal? Nrr, decimal? Grr, IReadOnlyList<string> UnconvertedCurrencies, IReadOnlyList<AccountRevenue> Accounts)
{
    public int Referrals { get; init; }
    public decimal ReferredWon { get; init; }
}

/// <summary>
/// GET /api/success/revenue?from=&amp;to=&amp;class=&amp;accountId= — docs/product.md §4.4 to the letter: revenue of a period is the
/// signed contract amounts with signedAt in it, compared per account with the preceding period of equal length.
/// </summary>
public static class RevenueMetrics
{
    private static readonly string[] Classes = ["A", "B", "C", "D"];

    public sealed record Totals(Guid AccountId, string AccountName, string? Class, decimal Revenue, decimal PreviousRevenue, decimal Cumulative);

    public static async Task<Ok<RevenueReport>> HandleAsync(
        DateOnly? from, DateOnly? to, [OneOf(typeof(RevenueMetrics), nameof(Classes))] string? @class, Guid? accountId, ClaimsPrincipal user, NpgsqlDataSource db,
        IOptions<SuccessOptions> options, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        if (from is null)
        {
            errors.Add("from", "required (YYYY-MM-DD)");
        }

        if (to is null)
        {
            errors.Add("to", "required (YYYY-MM-DD)");
        }
        else if (from > to)
        {
            errors.Add("to", "must not be before from");
        }

        if (@class is not null && !Classes.Contains(@class))
        {
            errors.Add("class", "one of A, B, C, D");
        }

        errors.ThrowIfAny();

        var (previousFrom, previousTo) = PreviousPeriod(from!.Value, to!.Value);
        var parameters = new DynamicParameters(new { from, to, previousFrom, previousTo, @class, accountId });
        var scope = AccountScope.Predicate(Caller.From(user), parameters, "d");
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var sums = await connection.QueryAsync<(Guid AccountId, string Name, string? Class, string Currency, decimal Revenue, decimal PreviousRevenue, decimal Cumulative)>(
            SumsSql(scope), parameters);

        var settings = options.Value;
        var unconverted = new SortedSet<string>();
        var merged = new Dictionary<Guid, Totals>();
        foreach (var sum in sums)
        {
            decimal? rate = sum.Currency == settings.BaseCurrency ? 1m : settings.FxRates.TryGetValue(sum.Currency, out var r) ? r : null;
            if (rate is null)
            {
                unconverted.Add(sum.Currency);
                continue;
            }

            var converted = new Totals(sum.AccountId, sum.Name, sum.Class, sum.Revenue * rate.Value, sum.PreviousRevenue * rate.Value, sum.Cumulative * rate.Value);
            merged[sum.AccountId] = merged.TryGetValue(sum.AccountId, out var t)
                ? t with { Revenue = t.Revenue + converted.Revenue, PreviousRevenue = t.PreviousRevenue + converted.PreviousRevenue, Cumulative = t.Cumulative + converted.Cumulative }
                : converted;
        }

        // A referring account without signed revenue still gets its row: the referral is what it brought.
        var referrals = await ReferralFigures.ReadAsync(connection, Caller.From(user), from.Value, to.Value, @class, accountId, settings);
        foreach (var referral in referrals.Values.Where(r => !merged.ContainsKey(r.AccountId)))
        {
            merged[referral.AccountId] = new Totals(referral.AccountId, referral.AccountName, referral.Class, 0, 0, 0);
        }

        return TypedResults.Ok(Compute(from.Value, to.Value, settings.BaseCurrency, [.. merged.Values], [.. unconverted], referrals));
    }

    /// <summary>
    /// Per account and currency in scope: revenue in P and P₀ and the cumulative amount up to the end of P (the
    /// report's `cumulative` needs every account's, so every contract signed up to then is read). Grouped on the
    /// directory's primary key, which carries the name along: grouping on the name and class as well made PostgreSQL
    /// sort every contract of the scope on text keys under the collation; the class is joined to the groups
    /// afterwards, and an account's currencies are merged in a dictionary rather than a LINQ GroupBy
    /// (issue 18, docs/benchmarks/2026-12-02.md §8).
    /// </summary>
    public static string SumsSql(string scope) =>
        $"""
        SELECT g.id, g.name, s.class, g.currency, g.revenue, g.previous, g.cumulative
        FROM (
            SELECT d.id, d.name, c.currency,
                   coalesce(sum(c.amount) FILTER (WHERE c.signed_at BETWEEN @from AND @to), 0) AS revenue,
                   coalesce(sum(c.amount) FILTER (WHERE c.signed_at BETWEEN @previousFrom AND @previousTo), 0) AS previous,
                   sum(c.amount) AS cumulative
            FROM contracts c
            JOIN account_directory d ON d.id = c.account_id
            WHERE {scope} AND c.signed_at <= @to AND (@accountId::uuid IS NULL OR c.account_id = @accountId)
            GROUP BY d.id, c.currency
        ) g
        LEFT JOIN success_accounts s ON s.account_id = g.id
        WHERE @class::text IS NULL OR s.class = @class
        """;

    /// <summary>
    /// P₀ ends the day before P starts and is as long: as many whole months when P is whole calendar months (a quarter
    /// compares with the previous quarter, a year with the previous year), else as many days.
    /// </summary>
    public static (DateOnly From, DateOnly To) PreviousPeriod(DateOnly from, DateOnly to)
    {
        if (from.Day == 1 && to.AddDays(1).Day == 1)
        {
            var months = (to.Year - from.Year) * 12 + to.Month - from.Month + 1;
            return (from.AddMonths(-months), from.AddDays(-1));
        }

        var days = to.DayNumber - from.DayNumber + 1;
        return (from.AddDays(-days), from.AddDays(-1));
    }

    public static RevenueReport Compute(DateOnly from, DateOnly to, string currency, IReadOnlyList<Totals> accounts, IReadOnlyList<string> unconverted,
        IReadOnlyDictionary<Guid, ReferralFigure>? referrals = null)
    {
        referrals ??= new Dictionary<Guid, ReferralFigure>();
        var rows = accounts
            .Where(a => a.Revenue > 0 || a.PreviousRevenue > 0 || referrals.ContainsKey(a.AccountId))
            .Select(a => new AccountRevenue(a.AccountId, a.AccountName, a.Class, a.Revenue, a.PreviousRevenue,
                Recurring: Math.Min(a.Revenue, a.PreviousRevenue),
                Expansion: a.PreviousRevenue > 0 ? Math.Max(0, a.Revenue - a.PreviousRevenue) : 0,
                Contraction: a.Revenue > 0 && a.PreviousRevenue > 0 ? Math.Max(0, a.PreviousRevenue - a.Revenue) : 0,
                Churned: a.Revenue == 0 ? a.PreviousRevenue : 0,
                New: a.PreviousRevenue == 0 ? a.Revenue : 0,
                a.Cumulative)
            {
                Referrals = referrals.GetValueOrDefault(a.AccountId)?.Referrals ?? 0,
                ReferredWon = referrals.GetValueOrDefault(a.AccountId)?.ReferredWon ?? 0,
            })
            .OrderByDescending(r => r.Revenue).ThenBy(r => r.AccountId)
            .ToList();

        var previous = rows.Sum(r => r.PreviousRevenue);
        var recurring = rows.Sum(r => r.Recurring);
        var retainedRevenue = rows.Where(r => r.PreviousRevenue > 0).Sum(r => r.Revenue);
        var (previousFrom, previousTo) = PreviousPeriod(from, to);
        return new RevenueReport(from, to, previousFrom, previousTo, currency,
            Revenue: rows.Sum(r => r.Revenue),
            PreviousRevenue: previous,
            Recurring: recurring,
            Expansion: rows.Sum(r => r.Expansion),
            Contraction: rows.Sum(r => r.Contraction),
            Churned: rows.Sum(r => r.Churned),
            New: rows.Sum(r => r.New),
            Cumulative: accounts.Sum(a => a.Cumulative),
            Nrr: previous == 0 ? null : Math.Round(retainedRevenue / previous, 4, MidpointRounding.AwayFromZero),
            Grr: previous == 0 ? null : Math.Round(recurring / previous, 4, MidpointRounding.AwayFromZero),
            unconverted, rows)
        {
            Referrals = rows.Sum(r => r.Referrals),
            ReferredWon = rows.Sum(r => r.ReferredWon),
        };
    }
}
