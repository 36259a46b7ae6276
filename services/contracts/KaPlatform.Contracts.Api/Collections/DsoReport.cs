using System.Security.Claims;
using Dapper;
using KaPlatform.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Npgsql;

namespace KaPlatform.Contracts.Api.Collections;

public sealed record DsoResponse(DateOnly From, DateOnly To, int Days, string Currency, decimal Receivables, decimal InvoicedOrDue, decimal? Dso);

/// <summary>
/// GET /api/collections/dso?from=&amp;to=: DSO = receivables ÷ invoiced-or-due amount in the period × days in the period.
/// A milestone is billed on the earlier of its invoice request and its due date. invoicedOrDue = Σ amounts of
/// milestones billed within [from, to]; receivables = what is still unpaid at the end of `to` on every milestone
/// billed on or before `to`; days = to − from + 1. Null when nothing was billed in the period. Base currency,
/// accounts the caller may see.
/// </summary>
public static class DsoReport
{
    public static async Task<Ok<DsoResponse>> HandleAsync(
        DateOnly? from, DateOnly? to, ClaimsPrincipal user, NpgsqlDataSource db, IOptions<CollectionsOptions> options, CancellationToken cancellationToken)
    {
        new BadInput()
            .Check(from is not null, "from", "required (YYYY-MM-DD)")
            .Check(to is not null, "to", "required (YYYY-MM-DD)")
            .Check(from is null || to is null || (to >= from && to.Value.DayNumber - from.Value.DayNumber <= 3660), "to", "on or after from, within 10 years")
            .ThrowIfAny();

        var parameters = new DynamicParameters(new { from, to, currency = options.Value.BaseCurrency });
        var scope = AccountScope.Predicate(Caller.From(user), parameters, "d");
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var (receivables, billed) = await connection.QuerySingleAsync<(decimal, decimal)>(
            $"""
            SELECT coalesce(sum(b.amount - b.paid_by_end) FILTER (WHERE b.settled_on IS NULL OR b.settled_on > @to::date), 0),
                   coalesce(sum(b.amount) FILTER (WHERE b.billed_on >= @from::date), 0)
            FROM (
                SELECT m.amount, m.settled_on, least(m.invoiced_at::date, m.due_date) AS billed_on,
                       CASE WHEN m.paid_amount = 0 THEN 0 ELSE coalesce((
                           SELECT sum(pa.amount) FROM payment_applications pa
                           WHERE pa.milestone_id = m.id AND pa.received_at <= @to::date), 0) END AS paid_by_end,
                       m.account_id
                FROM milestones m
                WHERE m.currency = @currency AND least(m.invoiced_at::date, m.due_date) <= @to::date
            ) b
            LEFT JOIN account_directory d ON d.id = b.account_id
            WHERE {scope}
            """, parameters);
        var days = to!.Value.DayNumber - from!.Value.DayNumber + 1;
        decimal? dso = billed == 0 ? null : Math.Round(receivables / billed * days, 1, MidpointRounding.AwayFromZero);
        return TypedResults.Ok(new DsoResponse(from.Value, to.Value, days, options.Value.BaseCurrency, receivables, billed, dso));
    }
}
