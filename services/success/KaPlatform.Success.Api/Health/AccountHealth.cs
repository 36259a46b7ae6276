using System.Security.Claims;
using System.Text.Json;
using Dapper;
using KaPlatform.Messaging;
using KaPlatform.ServiceDefaults;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.ServiceDefaults.Http;
using KaPlatform.Success.Api.Shared;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Npgsql;

namespace KaPlatform.Success.Api.Health;

public sealed record HealthResponse(Guid AccountId, int Score, string Band, JsonElement Components, DateTime ComputedAt);

public sealed record HealthHistoryEntry(Guid Id, int Score, string Band, JsonElement Components, DateTime ComputedAt);

/// <summary>GET /api/success/accounts/{id}/health and .../health/history (docs/product.md §4.1).</summary>
public static class AccountHealth
{
    public static async Task<Ok<HealthResponse>> GetAsync(
        Guid id, ClaimsPrincipal user, NpgsqlDataSource db, IOptions<SuccessOptions> options, CancellationToken cancellationToken)
    {
        await using (var connection = await db.OpenConnectionAsync(cancellationToken))
        {
            await SuccessAccess.RequireVisibleAsync(connection, Caller.From(user), id);
            if (await ReadAsync(connection, id) is { } current)
            {
                return TypedResults.Ok(current);
            }
        }

        // Known account whose score no event has computed yet (e.g. it arrived before this service): compute it now.
        await using var work = await UnitOfWork.BeginAsync(db, cancellationToken);
        await HealthRecalculation.RecomputeAsync(work, id, BusinessCalendar.Current.Today, options.Value, cancellationToken);
        await work.CommitAsync(cancellationToken);
        await using var again = await db.OpenConnectionAsync(cancellationToken);
        return TypedResults.Ok((await ReadAsync(again, id))!);
    }

    public static async Task<Ok<Page<HealthHistoryEntry>>> HistoryAsync(
        Guid id, int? limit, string? cursor, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        var take = Paging.Limit(limit);
        var after = Paging.DecodeId(cursor);
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await SuccessAccess.RequireVisibleAsync(connection, Caller.From(user), id);
        var rows = (await connection.QueryAsync<(Guid Id, int Score, string Band, string Components, DateTime ComputedAt)>(
            """
            SELECT id, score, band, components::text, computed_at FROM health_history
            WHERE account_id = @id AND (@after::uuid IS NULL OR id < @after::uuid)
            ORDER BY id DESC LIMIT @take
            """, new { id, after, take = take + 1 })).ToList();
        var entries = rows.Select(r => new HealthHistoryEntry(r.Id, r.Score, r.Band, JsonSerializer.Deserialize<JsonElement>(r.Components), r.ComputedAt)).ToList();
        return TypedResults.Ok(Paging.ToPage(entries, take, e => e.Id.ToString()));
    }

    private static async Task<HealthResponse?> ReadAsync(NpgsqlConnection connection, Guid id)
    {
        var row = await connection.QuerySingleOrDefaultAsync<(int Score, string Band, string Components, DateTime ComputedAt)?>(
            "SELECT score, band, components::text, computed_at FROM health_scores WHERE account_id = @id", new { id });
        return row is { } r ? new HealthResponse(id, r.Score, r.Band, JsonSerializer.Deserialize<JsonElement>(r.Components), r.ComputedAt) : null;
    }
}
