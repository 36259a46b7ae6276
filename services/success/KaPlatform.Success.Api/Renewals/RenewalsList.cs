using System.Globalization;
using System.Security.Claims;
using Dapper;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.ServiceDefaults.Http;
using KaPlatform.ServiceDefaults.Input;
using KaPlatform.ServiceDefaults.OpenApi;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace KaPlatform.Success.Api.Renewals;

public sealed record RenewalNeed(Guid Id, string Description, decimal? EstimatedValue, string Currency, Guid? OpportunityId);

public sealed class RenewalRow
{
    public Guid Id { get; init; }
    public Guid ContractId { get; init; }
    public string ContractNumber { get; init; } = "";
    public Guid AccountId { get; init; }
    public string AccountName { get; init; } = "";
    public DateOnly SignedAt { get; init; }
    public DateOnly EndDate { get; init; }
    public decimal Amount { get; init; }
    public string Currency { get; init; } = "";
    public string Status { get; init; } = "";
    public DateTime? DuePublishedAt { get; init; }
    public Guid? RenewalOpportunityId { get; init; }
    public decimal? RenewalAmount { get; init; }
    public DateOnly? RenewalDate { get; init; }
    public IReadOnlyList<RenewalNeed> NewNeeds { get; set; } = [];
}

/// <summary>GET /api/success/renewals?from=&amp;to=&amp;status=&amp;accountId= — the renewal tracking list by end date (docs/product.md §4.3).</summary>
public static class RenewalsList
{
    private static readonly string[] Statuses = ["upcoming", "opportunity_open", "renewed", "churned"];

    public static async Task<Ok<Page<RenewalRow>>> HandleAsync(
        DateOnly? from, DateOnly? to, [OneOf(typeof(RenewalsList), nameof(Statuses))] string? status, Guid? accountId, int? limit, string? cursor,
        ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        new FieldErrors()
            .Check(from is null || to is null || from <= to, "to", "must not be before from")
            .Check(status is null || Statuses.Contains(status), "status", $"one of {string.Join(", ", Statuses)}")
            .ThrowIfAny();

        var take = Paging.Limit(limit);
        var (afterDate, afterId) = DecodeCursor(cursor);
        var parameters = new DynamicParameters(new { from, to, status, accountId, afterDate, afterId, take = take + 1 });
        var scope = AccountScope.Predicate(Caller.From(user), parameters, "d");
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var rows = (await connection.QueryAsync<RenewalRow>(
            $"""
            SELECT r.id, r.contract_id, r.contract_number, r.account_id, d.name AS account_name, r.signed_at, r.end_date, r.amount,
                   r.currency, r.status, r.due_published_at, r.opportunity_id AS renewal_opportunity_id, r.renewal_amount, r.renewal_date
            FROM renewals r JOIN account_directory d ON d.id = r.account_id
            WHERE {scope} AND (@from::date IS NULL OR r.end_date >= @from) AND (@to::date IS NULL OR r.end_date <= @to)
              AND (@status::text IS NULL OR r.status = @status) AND (@accountId::uuid IS NULL OR r.account_id = @accountId)
              AND (@afterDate::date IS NULL OR (r.end_date, r.id) > (@afterDate::date, @afterId::uuid))
            ORDER BY r.end_date, r.id LIMIT @take
            """, parameters)).ToList();
        var page = Paging.ToPage(rows, take, r => $"{r.EndDate:yyyy-MM-dd}|{r.Id}");

        // New needs raised in success reviews since the contract was signed: what the renewal offer should address.
        var needs = (await connection.QueryAsync<(Guid AccountId, DateTime Date, Guid Id, string Description, decimal? EstimatedValue, string Currency, Guid? OpportunityId)>(
            """
            SELECT n.account_id, r.date, n.id, n.description, n.estimated_value, n.currency, n.opportunity_id
            FROM review_needs n JOIN reviews r ON r.id = n.review_id
            WHERE n.account_id = ANY(@accounts) ORDER BY r.date, n.id
            """, new { accounts = page.Items.Select(r => r.AccountId).Distinct().ToArray() })).ToList();
        foreach (var renewal in page.Items)
        {
            renewal.NewNeeds = needs.Where(n => n.AccountId == renewal.AccountId && DateOnly.FromDateTime(n.Date) >= renewal.SignedAt)
                .Select(n => new RenewalNeed(n.Id, n.Description, n.EstimatedValue, n.Currency, n.OpportunityId)).ToList();
        }

        return TypedResults.Ok(page);
    }

    private static (DateOnly?, Guid?) DecodeCursor(string? cursor)
    {
        var key = Paging.Decode(cursor);
        if (key is null)
        {
            return (null, null);
        }

        var parts = key.Split('|');
        return parts.Length == 2 && DateOnly.TryParseExact(parts[0], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
               && Guid.TryParse(parts[1], out var id)
            ? (date, id)
            : throw Paging.InvalidCursor();
    }
}
