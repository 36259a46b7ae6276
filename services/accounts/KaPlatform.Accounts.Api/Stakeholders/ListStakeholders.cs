using System.Security.Claims;
using Dapper;
using KaPlatform.Accounts.Api.Shared;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace KaPlatform.Accounts.Api.Stakeholders;

public sealed record StakeholderChange(string Field, string? OldValue, string NewValue, Guid ChangedBy, DateTime ChangedAt);

public sealed record StakeholderDetail(Stakeholder Stakeholder, IReadOnlyList<StakeholderChange> History);

/// <summary>GET /api/accounts/{id}/stakeholders (active by default; includeDeparted=true for the history) and GET .../{sid} with its stance/influence history.</summary>
public static class ListStakeholders
{
    public static async Task<Ok<Page<Stakeholder>>> HandleAsync(
        Guid id, bool? includeDeparted, string? q, int? limit, string? cursor, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        var take = Paging.Limit(limit);
        var after = KeysetCursor.Read(cursor);
        var pattern = Like.Contains(q);
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await AccountAccess.ReadAsync(connection, Caller.From(user), id, cancellationToken);
        var weights = await StakeholderStore.WeightsAsync(connection, null, cancellationToken);
        var rows = (await connection.QueryAsync<Stakeholder>(new CommandDefinition(
            $"""
            SELECT {Stakeholder.Columns} FROM stakeholders s
            WHERE s.account_id = @id AND (@all OR s.status = 'active') AND (@pattern::text IS NULL OR s.name ILIKE @pattern)
              AND (@afterName::text IS NULL OR (s.name, s.id) > (@afterName, @afterId))
            ORDER BY s.name, s.id LIMIT @take
            """,
            new { id, all = includeDeparted == true, pattern, afterName = after?.SortKey, afterId = after?.Id ?? Guid.Empty, take = take + 1 },
            cancellationToken: cancellationToken))).Select(s => s.WithCloseness(weights)).ToList();
        return TypedResults.Ok(Paging.ToPage(rows, take, s => KeysetCursor.Key(s.Name, s.Id)));
    }

    public static async Task<Ok<StakeholderDetail>> GetAsync(
        Guid id, Guid sid, ClaimsPrincipal user, HttpResponse response, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await AccountAccess.ReadAsync(connection, Caller.From(user), id, cancellationToken);
        var weights = await StakeholderStore.WeightsAsync(connection, null, cancellationToken);
        var stakeholder = await StakeholderStore.OneAsync(connection, null, id, sid, weights, cancellationToken);
        var history = (await connection.QueryAsync<StakeholderChange>(new CommandDefinition(
            "SELECT field, old_value AS oldvalue, new_value AS newvalue, changed_by AS changedby, changed_at AS changedat FROM stakeholder_history WHERE stakeholder_id = @sid ORDER BY changed_at, id",
            new { sid }, cancellationToken: cancellationToken))).ToList();
        response.Headers.ETag = Concurrency.ETag(stakeholder.Version);
        return TypedResults.Ok(new StakeholderDetail(stakeholder, history));
    }
}
