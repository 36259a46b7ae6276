using System.Security.Claims;
using Dapper;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.ServiceDefaults.Input;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace KaPlatform.Success.Api.Health;

public sealed record HealthOverviewItem(Guid AccountId, int Score, string Band, DateTime ComputedAt);

public sealed record HealthOverviewResponse(IReadOnlyList<HealthOverviewItem> Items);

/// <summary>
/// GET /api/success/health?accountId=…&amp;accountId=… — the current score and band of many accounts at once, for lists
/// (beyond docs/product.md §4.1; see docs/success.md). Same visibility as the per-account endpoint, but an id the caller may not
/// see, an unknown id or one never scored is simply absent: a list must not fail because one row is out of scope.
/// </summary>
public static class HealthOverview
{
    public const int MaxIds = 200;

    public static async Task<Ok<HealthOverviewResponse>> HandleAsync(
        string[]? accountId, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        var raw = accountId ?? [];
        var ids = new HashSet<Guid>();
        var errors = new List<string>();
        foreach (var value in raw.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            if (Guid.TryParse(value, out var id))
            {
                ids.Add(id);
            }
            else
            {
                errors.Add($"'{(value.Length > 40 ? value[..40] + "…" : value)}' is not a UUID");
            }
        }

        if (ids.Count > MaxIds)
        {
            errors.Add($"at most {MaxIds} ids per request ({ids.Count} given)");
        }

        if (errors.Count > 0)
        {
            throw FieldErrors.Invalid("accountId", errors.Take(5));
        }

        if (ids.Count == 0)
        {
            return TypedResults.Ok(new HealthOverviewResponse([]));
        }

        var parameters = new DynamicParameters(new { ids = ids.ToArray() });
        var scope = AccountScope.Predicate(Caller.From(user), parameters, "d");
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(Guid AccountId, int Score, string Band, DateTime ComputedAt)>(
            $"""
            SELECT h.account_id, h.score, h.band, h.computed_at
            FROM health_scores h JOIN account_directory d ON d.id = h.account_id
            WHERE h.account_id = ANY(@ids) AND {scope}
            ORDER BY h.account_id
            """, parameters);
        return TypedResults.Ok(new HealthOverviewResponse(rows.Select(r => new HealthOverviewItem(r.AccountId, r.Score, r.Band, r.ComputedAt)).ToList()));
    }
}
