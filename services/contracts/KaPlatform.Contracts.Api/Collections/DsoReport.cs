using System.Security.Claims;
using Dapper;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.ServiceDefaults.Input;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Npgsql;

namespace KaPlatform.Contracts.Api.Collections;

public sealed record DsoResponse(DateOnly From, DateOnly To, int Days, string Currency, decimal Receivables, decimal InvoicedOrDue, decimal? Dso);

/// <summary>
/// GET /api/collections/dso?from=&amp;to=&amp;accountId=&amp;includeSubsidiaries=&amp;ownerId=: DSO = receivables ÷
/// invoiced-or-due amount in the period × days in the period. A milestone is billed on the earlier of its invoice
/// request and its due date. invoicedOrDue = Σ amounts of milestones billed within [from, to]; receivables = the aging
/// report's total as of `to` (what is unpaid at the end of `to` on every milestone that has a due date), so the DSO card
/// and the aging agree; days = to − from + 1. Null when nothing was billed in the period. Base currency, accounts the
/// caller may see, and the aging's account / group / collector filters.
/// </summary>
public static class DsoReport
{
    public static async Task<Ok<DsoResponse>> HandleAsync(
        DateOnly? from, DateOnly? to, Guid? accountId, bool? includeSubsidiaries, Guid? ownerId, ClaimsPrincipal user, NpgsqlDataSource db,
        IOptions<CollectionsOptions> options, CancellationToken cancellationToken)
    {
        new FieldErrors()
            .Check(from is not null, "from", "required (YYYY-MM-DD)")
            .Check(to is not null, "to", "required (YYYY-MM-DD)")
            .Check(from is null || to is null || (to >= from && to.Value.DayNumber - from.Value.DayNumber <= 3660), "to", "on or after from, within 10 years")
            .ThrowIfAny();

        var caller = Caller.From(user);
        var parameters = new DynamicParameters(new { from, to, accountId, ownerId, currency = options.Value.BaseCurrency });
        var scope = AccountScope.Predicate(caller, parameters, "d");
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await CollectionFilters.RequireVisibleAsync(connection, caller, accountId, scope, parameters);
        var (receivables, billed) = await connection.QuerySingleAsync<(decimal, decimal)>(
            $"""
            {CollectionFilters.AccountTree(accountId, includeSubsidiaries == true)}
            SELECT coalesce(sum(o.amount - o.paid_by_end) FILTER (WHERE o.due_date IS NOT NULL AND (o.settled_on IS NULL OR o.settled_on > @to::date)), 0),
                   coalesce(sum(o.amount) FILTER (WHERE o.billed_on BETWEEN @from::date AND @to::date), 0)
            FROM (
                SELECT m.amount, m.settled_on, m.due_date, least(m.invoiced_at::date, m.due_date) AS billed_on,
                       {CollectionFilters.PaidBy("@to")} AS paid_by_end,
                       m.account_id, {CollectionFilters.ContractOwner(ownerId)} AS contract_owner
                FROM milestones m
                {CollectionFilters.OwnerJoin(ownerId)}
                WHERE {CollectionFilters.AccountClause(accountId)} m.currency = @currency AND (m.due_date IS NOT NULL OR m.invoiced_at IS NOT NULL)
            ) o
            LEFT JOIN account_directory d ON d.id = o.account_id
            WHERE {scope} AND {CollectionFilters.Owner("o")}
            """, parameters);
        var days = to!.Value.DayNumber - from!.Value.DayNumber + 1;
        decimal? dso = billed == 0 ? null : Math.Round(receivables / billed * days, 1, MidpointRounding.AwayFromZero);
        return TypedResults.Ok(new DsoResponse(from.Value, to.Value, days, options.Value.BaseCurrency, receivables, billed, dso));
    }
}
