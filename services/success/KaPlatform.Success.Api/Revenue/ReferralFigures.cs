using Dapper;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.Success.Api.Shared;
using Npgsql;

namespace KaPlatform.Success.Api.Revenue;

/// <summary>Per referring account: leads referred in the period, and the won amount (base currency) of their opportunities closed in it.</summary>
public sealed record ReferralFigure(Guid AccountId, string AccountName, string? Class, int Referrals, decimal ReferredWon);

/// <summary>
/// docs/product.md §9 referrals in the revenue rows. Both ends must be visible (docs/product.md §6): the referring account's row, and
/// the referred lead's account — a referral into an account the caller cannot see is not counted for them.
/// </summary>
internal static class ReferralFigures
{
    public static async Task<Dictionary<Guid, ReferralFigure>> ReadAsync(NpgsqlConnection connection, Caller caller, DateOnly from, DateOnly to,
        string? @class, Guid? accountId, SuccessOptions settings)
    {
        var parameters = new DynamicParameters(new { from, to, @class, accountId });
        var referrer = AccountScope.Predicate(caller, parameters, "d");
        var referred = AccountScope.Predicate(caller, parameters, "rd");
        var rows = await connection.QueryAsync<(Guid AccountId, string Name, string? Class, int Referrals, string? Currency, decimal Won)>(
            $"""
            SELECT r.referred_by_account_id, d.name, s.class,
                   count(DISTINCT r.lead_id) FILTER (WHERE r.referred_on BETWEEN @from AND @to)::int,
                   o.currency,
                   coalesce(sum(o.amount) FILTER (WHERE o.status = 'won' AND o.close_date BETWEEN @from AND @to), 0)
            FROM referrals r
            JOIN account_directory d ON d.id = r.referred_by_account_id
            JOIN account_directory rd ON rd.id = r.account_id
            LEFT JOIN success_accounts s ON s.account_id = r.referred_by_account_id
            LEFT JOIN opportunities o ON o.id = r.opportunity_id
            WHERE {referrer} AND {referred}
              AND (@class::text IS NULL OR s.class = @class) AND (@accountId::uuid IS NULL OR r.referred_by_account_id = @accountId)
            GROUP BY r.referred_by_account_id, d.name, s.class, o.currency
            """, parameters);

        var figures = new Dictionary<Guid, ReferralFigure>();
        foreach (var row in rows)
        {
            // Won amounts in a currency without a configured rate stay out, as in the revenue sums.
            var rate = row.Currency is null ? 1m : RevenueMetrics.RateOf(row.Currency, settings) ?? 0m;
            var won = row.Won * rate;
            figures[row.AccountId] = figures.TryGetValue(row.AccountId, out var f)
                ? f with { Referrals = f.Referrals + row.Referrals, ReferredWon = f.ReferredWon + won }
                : new ReferralFigure(row.AccountId, row.Name, row.Class, row.Referrals, won);
        }

        return figures.Where(f => f.Value.Referrals > 0 || f.Value.ReferredWon > 0).ToDictionary();
    }
}
