using System.Security.Claims;
using Dapper;
using KaPlatform.Opportunities.Api.Shared;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.ServiceDefaults.Input;
using KaPlatform.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace KaPlatform.Opportunities.Api.Portfolio;

public sealed record ClassCounts(int A, int B, int C, int D, int Unclassified, int Total);

public sealed record PortfolioAccount(Guid AccountId, string Name, string Region, string? Class);

/// <param name="Flags">`too_many_key_accounts` (A+B over the setting), `too_many_accounts` (all over the setting).</param>
/// <param name="AccountList">The owner's accounts, only when one owner was asked for (the drill-down).</param>
public sealed record PortfolioRow(
    Guid OwnerId, ClassCounts Accounts, int KeyAccounts, decimal OpenPipeline, decimal WeightedPipeline, decimal WonThisFiscalYear,
    bool Overloaded, IReadOnlyList<string> Flags, IReadOnlyList<PortfolioAccount>? AccountList);

public sealed record PortfolioResponse(
    int FiscalYear, DateOnly From, DateOnly To, string Currency, int MaxKeyAccounts, int MaxAccounts, IReadOnlyList<PortfolioRow> Items);

/// <summary>
/// GET /api/portfolio?ownerId=&amp;fiscalYear= (是否负责太多客户, docs/product.md §9): per account owner, their accounts by class, open and
/// weighted pipeline and won this fiscal year. Scoped as docs/product.md §6: a sales director sees the owners of her region's
/// accounts (counting those accounts), an admin everyone, a KAM or rep only themselves (another owner: 403 not_your_portfolio).
/// </summary>
public static class GetPortfolio
{
    private static readonly string[] Readers = [Roles.Admin, Roles.SalesDirector, Roles.KeyAccountManager, Roles.SalesRep];

    private sealed record CountRow(Guid OwnerId, int A, int B, int C, int D, int Unclassified, int Total);

    private sealed record MoneyRow(Guid OwnerId, decimal Open, decimal Weighted, decimal Won);

    public static async Task<Ok<PortfolioResponse>> HandleAsync(
        Guid? ownerId, int? fiscalYear, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        caller.Require(Readers);
        new FieldErrors().Check(fiscalYear is null or (>= 1900 and <= 2999), "fiscalYear", "A year such as 2026.").ThrowIfAny();
        var sellerOnly = !caller.IsAny(Roles.Admin, Roles.SalesDirector);
        if (sellerOnly && ownerId is { } other && other != caller.UserId)
        {
            throw new BusinessRuleException("not_your_portfolio", "A key account manager sees only their own portfolio.", StatusCodes.Status403Forbidden);
        }

        ownerId = sellerOnly ? caller.UserId : ownerId;
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var settings = await PortfolioSettings.ReadAsync(connection);
        var (year, from, to) = FiscalYear(fiscalYear, settings.FiscalYearStartMonth);
        var parameters = new DynamicParameters(new { ownerId, from, to, currency = Targets.Forecast.BaseCurrency });
        var scope = AccountScope.Predicate(caller, parameters, "d");

        var counts = (await connection.QueryAsync<CountRow>(
            $"""
            SELECT d.owner_id,
                   count(*) FILTER (WHERE c.class = 'A')::int AS a, count(*) FILTER (WHERE c.class = 'B')::int AS b,
                   count(*) FILTER (WHERE c.class = 'C')::int AS c, count(*) FILTER (WHERE c.class = 'D')::int AS d,
                   count(*) FILTER (WHERE c.class IS NULL)::int AS unclassified, count(*)::int AS total
            FROM account_directory d LEFT JOIN account_classes c ON c.account_id = d.id
            WHERE {scope} AND (@ownerId::uuid IS NULL OR d.owner_id = @ownerId)
            GROUP BY d.owner_id
            """, parameters)).ToList();
        if (ownerId is not null && counts.Count == 0 && !sellerOnly)
        {
            throw new BusinessRuleException("not_found", "No accounts of this owner are visible to you.", StatusCodes.Status404NotFound);
        }

        parameters.Add("owners", counts.Select(c => c.OwnerId).ToArray());
        var money = (await connection.QueryAsync<MoneyRow>(
            $"""
            SELECT o.owner_id,
                   coalesce(sum(o.amount) FILTER (WHERE o.stage NOT IN ('won', 'lost')), 0) AS open,
                   coalesce(sum(o.amount * o.probability / 100.0) FILTER (WHERE o.stage NOT IN ('won', 'lost')), 0) AS weighted,
                   coalesce(sum(o.amount) FILTER (WHERE o.stage = 'won' AND o.close_date BETWEEN @from AND @to), 0) AS won
            FROM opportunities o JOIN account_directory d ON d.id = o.account_id
            WHERE {scope} AND o.owner_id = ANY(@owners) AND o.currency = @currency
            GROUP BY o.owner_id
            """, parameters)).ToDictionary(m => m.OwnerId);

        var accounts = ownerId is null ? null : (await connection.QueryAsync<PortfolioAccount>(
            $"""
            SELECT d.id AS account_id, d.name, d.region, c.class
            FROM account_directory d LEFT JOIN account_classes c ON c.account_id = d.id
            WHERE {scope} AND d.owner_id = @ownerId
            ORDER BY c.class NULLS LAST, d.name
            """, parameters)).ToList();

        var rows = counts.Select(c =>
            {
                var m = money.GetValueOrDefault(c.OwnerId) ?? new MoneyRow(c.OwnerId, 0, 0, 0);
                var flags = Flags(c.A + c.B, c.Total, settings);
                return new PortfolioRow(c.OwnerId, new ClassCounts(c.A, c.B, c.C, c.D, c.Unclassified, c.Total), c.A + c.B,
                    m.Open, Math.Round(m.Weighted, 2, MidpointRounding.AwayFromZero), m.Won, flags.Count > 0, flags, accounts);
            })
            .OrderByDescending(r => r.Overloaded).ThenByDescending(r => r.KeyAccounts).ThenByDescending(r => r.Accounts.Total).ThenBy(r => r.OwnerId)
            .ToList();
        return TypedResults.Ok(new PortfolioResponse(year, from, to, Targets.Forecast.BaseCurrency, settings.MaxKeyAccounts, settings.MaxAccounts, rows));
    }

    /// <summary>"Exceed" is strict: exactly 8 key accounts (or 25 accounts) is a full book, not an overload.</summary>
    public static IReadOnlyList<string> Flags(int keyAccounts, int total, PortfolioSettingsResponse settings)
    {
        var flags = new List<string>();
        if (keyAccounts > settings.MaxKeyAccounts)
        {
            flags.Add("too_many_key_accounts");
        }

        if (total > settings.MaxAccounts)
        {
            flags.Add("too_many_accounts");
        }

        return flags;
    }

    /// <summary>The fiscal year containing today unless named; it carries the calendar year it starts in.</summary>
    private static (int Year, DateOnly From, DateOnly To) FiscalYear(int? requested, int startMonth)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var year = requested ?? (today.Month >= startMonth ? today.Year : today.Year - 1);
        var from = new DateOnly(year, startMonth, 1);
        return (year, from, from.AddYears(1).AddDays(-1));
    }
}
