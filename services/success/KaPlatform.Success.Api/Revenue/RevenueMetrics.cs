using System.Collections;
using System.Data;
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

    /// <summary>docs/success.md: how many per-account rows the report has; `accounts` holds all of them unless `rows` asked for fewer.</summary>
    public int AccountCount { get; init; }
}

/// <summary>
/// GET /api/success/revenue?from=&amp;to=&amp;class=&amp;accountId= — docs/product.md §4.4 to the letter: revenue of a period is the
/// signed contract amounts with signedAt in it, compared per account with the preceding period of equal length.
/// </summary>
public static class RevenueMetrics
{
    private static readonly string[] Classes = ["A", "B", "C", "D"];

    /// <summary>An account's sums in the base currency; a value, so a region's 178,766 of them are one array, not as many objects.</summary>
    public readonly record struct Totals(Guid AccountId, string AccountName, string? Class, decimal Revenue, decimal PreviousRevenue, decimal Cumulative);

    public static async Task<Ok<RevenueReport>> HandleAsync(
        DateOnly? from, DateOnly? to, [OneOf(typeof(RevenueMetrics), nameof(Classes))] string? @class, Guid? accountId, int? rows, ClaimsPrincipal user,
        NpgsqlDataSource db, IOptions<SuccessOptions> options, CancellationToken cancellationToken)
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

        if (rows < 0)
        {
            errors.Add("rows", "a whole number, 0 or more (leave it out for every row)");
        }

        errors.ThrowIfAny();

        var (previousFrom, previousTo) = PreviousPeriod(from!.Value, to!.Value);
        var caller = Caller.From(user);
        var parameters = new DynamicParameters(new { from, to, previousFrom, previousTo, @class, accountId });
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        // One snapshot for the sums and the referral figures, so a contract signed meanwhile is in both or in neither.
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        var region = AccountScope.WholeRegionOnly(caller);
        var settings = options.Value;
        var referrals = await ReferralFigures.ReadAsync(connection, caller, from.Value, to.Value, @class, accountId, settings);

        // The workspace's requests for a quarter or year of a whole region, or of everything for admin and finance (its
        // page of rows, its chart's totals), are read from the rollup PostgreSQL keeps as contracts are written
        // (migration 0010): at 1,000,000 contracts the sums below read a region's 277,224 contracts for them, and every
        // contract for admin and finance.
        if ((region is not null || AccountScope.SeesAll(caller)) && @class is null && accountId is null && rows is { } limit
            && await RevenueRollup.TryReadAsync(connection, transaction, region, from.Value, to.Value, limit, referrals, settings, cancellationToken) is { } rolledUp)
        {
            return TypedResults.Ok(rolledUp.Accounts.Count > 0 ? rolledUp with { Accounts = await NameRowsAsync(connection, transaction, rolledUp.Accounts) } : rolledUp);
        }

        if (region is not null)
        {
            // The region's sums are one ordered index walk; PostgreSQL's parallel plan for it had each of its three
            // processes compute the whole aggregate (×10: 1.1–1.4 s instead of 0.4–0.55 s on two cores).
            await connection.ExecuteAsync("SET LOCAL max_parallel_workers_per_gather = 0", transaction: transaction);
        }

        // A shortened report (rows given: the workspace's page, its chart's totals) names only the rows it returns; the
        // full one takes every name and class with its sums (issue 18: at 1,000,000 accounts a director's region-year
        // looked up 178,766 classes and merged as many names for a page of 100).
        var named = rows is null;
        var unconverted = new SortedSet<string>();
        // Held until the answer is written, so kept small (issue 18: success-api's memory after the scale runs): each
        // account's sums as values in one list, and no row object for the whole report (ReportRows makes each as it is
        // written). Field by field rather than through Dapper's row mapping, which boxes every value and buffers every
        // row first: a director's region-year at 1,000,000 accounts is 178,766 sums.
        var accounts = new List<Totals>();
        var positions = new Dictionary<Guid, int>();
        await using (var reader = await connection.ExecuteReaderAsync(new CommandDefinition(
            SumsSql(caller, region, parameters, named, filtersClass: @class is not null), parameters, transaction, cancellationToken: cancellationToken)))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var currency = reader.GetString(3);
                if (RateOf(currency, settings) is not { } factor)
                {
                    unconverted.Add(currency);
                    continue;
                }

                var account = reader.GetGuid(0);
                var (revenue, previous, cumulative) = (reader.GetDecimal(4) * factor, reader.GetDecimal(5) * factor, reader.GetDecimal(6) * factor);
                if (positions.TryGetValue(account, out var at))
                {
                    var t = accounts[at];
                    accounts[at] = t with { Revenue = t.Revenue + revenue, PreviousRevenue = t.PreviousRevenue + previous, Cumulative = t.Cumulative + cumulative };
                }
                else
                {
                    positions.Add(account, accounts.Count);
                    accounts.Add(new Totals(account, reader.IsDBNull(1) ? "" : reader.GetString(1), reader.IsDBNull(2) ? null : ClassOf(reader.GetString(2)),
                        revenue, previous, cumulative));
                }
            }
        }

        // A referring account without signed revenue still gets its row: the referral is what it brought.
        foreach (var referral in referrals.Values.Where(r => !positions.ContainsKey(r.AccountId)))
        {
            accounts.Add(new Totals(referral.AccountId, referral.AccountName, referral.Class, 0, 0, 0));
        }

        // The totals always cover every account in scope; `rows` only shortens the list that follows them (a chart of
        // four quarters needs no rows, a phone the first page of them: at 1,000,000 accounts a region-year is 38 MB).
        var report = Compute(from.Value, to.Value, settings.BaseCurrency, accounts, [.. unconverted], referrals, rows);
        if (!named && report.Accounts.Count > 0)
        {
            report = report with { Accounts = await NameRowsAsync(connection, transaction, report.Accounts) };
        }

        return TypedResults.Ok(report);
    }

    /// <summary>The names and classes of a shortened report's rows, read in the report's snapshot.</summary>
    private static async Task<List<AccountRevenue>> NameRowsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<AccountRevenue> rows)
    {
        var names = (await connection.QueryAsync<(Guid Id, string Name, string? Class)>(
            """
            SELECT d.id, d.name, s.class
            FROM account_directory d LEFT JOIN success_accounts s ON s.account_id = d.id
            WHERE d.id = ANY(@ids)
            """, new { ids = rows.Select(r => r.AccountId).ToArray() }, transaction)).ToDictionary(n => n.Id);
        return [.. rows.Select(r => names.TryGetValue(r.AccountId, out var n) ? r with { AccountName = n.Name, Class = n.Class } : r)];
    }

    /// <summary>
    /// Per account and currency in scope: revenue in P and P₀ and the cumulative amount up to the end of P (the
    /// report's `cumulative` needs every account's, so every contract signed up to then is read). Grouped on the
    /// account id alone, the name joined to the groups: grouping on the name as well made PostgreSQL sort every
    /// contract of the scope on text keys under the collation (docs/benchmarks/2026-12-02.md §8).
    ///
    /// A director or CS manager who sees a whole region reads the region copied onto the contracts (migration 0007):
    /// the region's contracts in account order from one index, the region's directory rows in the same order from
    /// another, merged without a sort or a hash (issue 18: joining every contract up to the period's end with the
    /// directory took 1.3–1.7 s at 1,000,000 contracts, this 0.4–0.55 s).
    /// </summary>
    /// <param name="region">the caller's whole region (<see cref="AccountScope.WholeRegionOnly"/>), or null for every other scope</param>
    /// <param name="named">whether each sum carries its account's name and class; without, the statement reads contracts only
    /// (and success_accounts when <paramref name="filtersClass"/>): the region copied onto a contract is the one its account has in
    /// the directory (migration 0007), so the directory adds nothing but the name</param>
    /// <param name="filtersClass">whether @class is set</param>
    public static string SumsSql(Caller caller, string? region, DynamicParameters parameters, bool named, bool filtersClass)
    {
        string source, directory;
        if (region is not null)
        {
            parameters.Add("region", region);
            source = "contracts c WHERE c.account_region = @region";
            directory = "d.id = g.account_id AND d.region = @region";
        }
        else
        {
            source = $"contracts c JOIN account_directory sd ON sd.id = c.account_id WHERE {AccountScope.Predicate(caller, parameters, "sd")}";
            directory = "d.id = g.account_id";
        }

        var (columns, joins, filter) = named
            ? ("d.name, s.class", $"JOIN account_directory d ON {directory}\n            LEFT JOIN success_accounts s ON s.account_id = g.account_id", "WHERE @class::text IS NULL OR s.class = @class")
            : filtersClass
                ? ("NULL::text, s.class", "JOIN success_accounts s ON s.account_id = g.account_id", "WHERE s.class = @class")
                : ("NULL::text, NULL::text", "", "");
        return $"""
            SELECT g.account_id, {columns}, g.currency, g.revenue, g.previous, g.cumulative
            FROM (
                SELECT c.account_id, c.currency,
                       coalesce(sum(c.amount) FILTER (WHERE c.signed_at BETWEEN @from AND @to), 0) AS revenue,
                       coalesce(sum(c.amount) FILTER (WHERE c.signed_at BETWEEN @previousFrom AND @previousTo), 0) AS previous,
                       sum(c.amount) AS cumulative
                FROM {source} AND c.signed_at <= @to AND (@accountId::uuid IS NULL OR c.account_id = @accountId)
                GROUP BY c.account_id, c.currency
            ) g
            {joins}
            {filter}
            """;
    }

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

    /// <summary>
    /// The report from each account's totals, in one pass and one sort: at 178,766 accounts the LINQ form (a Where,
    /// a Select, a stable OrderBy.ThenBy and nine Sums over the rows) took 190–490 ms of the request. With
    /// <paramref name="limit"/> only the first rows of the order are kept (a bounded heap instead of sorting them all).
    /// The rows are positions in <paramref name="accounts"/>, made into rows as they are read (<see cref="ReportRows"/>).
    /// </summary>
    public static RevenueReport Compute(DateOnly from, DateOnly to, string currency, IReadOnlyList<Totals> accounts, IReadOnlyList<string> unconverted,
        IReadOnlyDictionary<Guid, ReferralFigure>? referrals = null, int? limit = null)
    {
        referrals ??= new Dictionary<Guid, ReferralFigure>();
        var weights = new decimal[accounts.Count];
        int InOrder(int x, int y) => InReportOrder(weights[x], accounts[x].AccountId, weights[y], accounts[y].AccountId);

        var kept = new List<int>();
        // The heap's first element is the row that would come last, so it is the one a better row pushes out.
        var first = limit is > 0 and var n ? new PriorityQueue<int, int>(n + 1, Comparer<int>.Create((x, y) => InOrder(y, x))) : null;
        var rowCount = 0;
        decimal revenue = 0, previous = 0, recurring = 0, expansion = 0, contraction = 0, churned = 0, @new = 0, cumulative = 0, retained = 0, referredWon = 0;
        var referralCount = 0;
        for (var i = 0; i < accounts.Count; i++)
        {
            var a = accounts[i];
            cumulative += a.Cumulative;
            var referral = referrals.Count == 0 ? null : referrals.GetValueOrDefault(a.AccountId);
            if (a.Revenue <= 0 && a.PreviousRevenue <= 0 && referral is null)
            {
                continue;
            }

            var row = RowOf(a, referral);
            weights[i] = row.Revenue + row.PreviousRevenue;
            rowCount++;
            if (limit is null)
            {
                kept.Add(i);
            }
            else if (first is not null)
            {
                if (first.Count < limit)
                {
                    first.Enqueue(i, i);
                }
                else if (InOrder(i, first.Peek()) < 0)
                {
                    first.DequeueEnqueue(i, i);
                }
            }

            revenue += row.Revenue;
            previous += row.PreviousRevenue;
            recurring += row.Recurring;
            expansion += row.Expansion;
            contraction += row.Contraction;
            churned += row.Churned;
            @new += row.New;
            retained += row.PreviousRevenue > 0 ? row.Revenue : 0;
            referralCount += row.Referrals;
            referredWon += row.ReferredWon;
        }

        int[] order = first is not null ? [.. first.UnorderedItems.Select(i => i.Element)] : [.. kept];
        Array.Sort(order, InOrder);
        return Summary(from, to, currency,
            new Figures(revenue, previous, recurring, expansion, contraction, churned, @new, cumulative, retained, referralCount, referredWon, rowCount),
            unconverted, new ReportRows(accounts, order, referrals));
    }

    /// <summary>
    /// The report's rows in report order, each made from its account's totals when it is read: the serializer writes
    /// them one by one, so a region-year's 133,152 rows at ×10 (~27 MB as objects) never live at once.
    /// </summary>
    private sealed class ReportRows(IReadOnlyList<Totals> accounts, int[] order, IReadOnlyDictionary<Guid, ReferralFigure> referrals)
        : IReadOnlyList<AccountRevenue>
    {
        public int Count => order.Length;

        public AccountRevenue this[int index]
        {
            get
            {
                var a = accounts[order[index]];
                return RowOf(a, referrals.GetValueOrDefault(a.AccountId));
            }
        }

        public IEnumerator<AccountRevenue> GetEnumerator()
        {
            for (var i = 0; i < order.Length; i++)
            {
                yield return this[i];
            }
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }

    /// <summary>The directory's class as one of <see cref="Classes"/>, so 178,766 rows share four strings.</summary>
    private static string ClassOf(string value) => Array.IndexOf(Classes, value) is var k and >= 0 ? Classes[k] : value;

    /// <summary>An account's row, docs/product.md §4.4's terms for it (the rollup, migration 0010, sums the same terms).</summary>
    internal static AccountRevenue RowOf(Totals a, ReferralFigure? referral) =>
        new(a.AccountId, a.AccountName, a.Class, Plain(a.Revenue), Plain(a.PreviousRevenue),
            Recurring: Plain(Math.Min(a.Revenue, a.PreviousRevenue)),
            Expansion: a.PreviousRevenue > 0 ? Plain(Math.Max(0, a.Revenue - a.PreviousRevenue)) : 0,
            Contraction: a.Revenue > 0 && a.PreviousRevenue > 0 ? Plain(Math.Max(0, a.PreviousRevenue - a.Revenue)) : 0,
            Churned: a.Revenue == 0 ? Plain(a.PreviousRevenue) : 0,
            New: a.PreviousRevenue == 0 ? Plain(a.Revenue) : 0,
            Plain(a.Cumulative))
        {
            Referrals = referral?.Referrals ?? 0,
            ReferredWon = Plain(referral?.ReferredWon ?? 0),
        };

    /// <summary>The report's sums over every account in scope (Σ over the rows, and `retained` = revenue of the accounts with revenue in P₀).</summary>
    internal sealed record Figures(decimal Revenue, decimal Previous, decimal Recurring, decimal Expansion, decimal Contraction, decimal Churned,
        decimal New, decimal Cumulative, decimal Retained, int Referrals, decimal ReferredWon, int AccountCount);

    internal static RevenueReport Summary(DateOnly from, DateOnly to, string currency, Figures f, IReadOnlyList<string> unconverted, IReadOnlyList<AccountRevenue> rows)
    {
        var (previousFrom, previousTo) = PreviousPeriod(from, to);
        return new RevenueReport(from, to, previousFrom, previousTo, currency,
            Revenue: Plain(f.Revenue),
            PreviousRevenue: Plain(f.Previous),
            Recurring: Plain(f.Recurring),
            Expansion: Plain(f.Expansion),
            Contraction: Plain(f.Contraction),
            Churned: Plain(f.Churned),
            New: Plain(f.New),
            Cumulative: Plain(f.Cumulative),
            Nrr: f.Previous == 0 ? null : Plain(Math.Round(f.Retained / f.Previous, 4, MidpointRounding.AwayFromZero)),
            Grr: f.Previous == 0 ? null : Plain(Math.Round(f.Recurring / f.Previous, 4, MidpointRounding.AwayFromZero)),
            unconverted, rows)
        {
            Referrals = f.Referrals,
            ReferredWon = Plain(f.ReferredWon),
            AccountCount = f.AccountCount,
        };
    }

    /// <summary>
    /// Units of the base currency per unit of <paramref name="currency"/>, or null when no rate is configured (such
    /// amounts stay out of every figure and the currency is listed in `unconvertedCurrencies`).
    /// </summary>
    internal static decimal? RateOf(string currency, SuccessOptions settings) =>
        currency == settings.BaseCurrency ? 1m : settings.FxRates.TryGetValue(currency, out var rate) ? rate : null;

    /// <summary>
    /// A figure without trailing zeros: a decimal keeps the scale of how it was computed (100.00 × 7.2 is 720.000, a sum
    /// the scale of its longest term), so the same amount would read 720, 720.00 or 720.000 depending on the path that
    /// computed it (a sum over contracts, the rollup's running sums).
    /// </summary>
    private static decimal Plain(decimal value) => value / 1.0000000000000000000000000000m;

    internal static int InReportOrder(AccountRevenue x, AccountRevenue y) =>
        InReportOrder(x.Revenue + x.PreviousRevenue, x.AccountId, y.Revenue + y.PreviousRevenue, y.AccountId);

    /// <summary>
    /// The accounts that weigh most across both periods (revenue + previous revenue) first, so a churned account that was
    /// large comes near the top and a shortened list (rows) keeps it; the account id breaks ties, so the order is total
    /// and needs no stable sort.
    /// </summary>
    private static int InReportOrder(decimal xWeight, Guid x, decimal yWeight, Guid y) =>
        yWeight.CompareTo(xWeight) is var byWeight and not 0 ? byWeight : x.CompareTo(y);
}
