using System.Security.Claims;
using Dapper;
using KaPlatform.Accounts.Api.Shared;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace KaPlatform.Accounts.Api.Stakeholders;

public sealed record StakeholderChange(string Field, string? OldValue, string NewValue, Guid ChangedBy, DateTime ChangedAt);

/// <summary>Stakeholder is the person, or their protected figures for a reader who may not see them.</summary>
public sealed record StakeholderDetail(object Stakeholder, IReadOnlyList<StakeholderChange> History);

/// <summary>GET /api/accounts/{id}/stakeholders (active by default; includeDeparted=true for the history) and GET .../{sid} with its history.</summary>
public static class ListStakeholders
{
    public static async Task<Ok<Page<object>>> HandleAsync(
        Guid id, bool? includeDeparted, string? q, int? limit, string? cursor, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        var take = Paging.Limit(limit);
        var after = KeysetCursor.Read(cursor);
        var pattern = Like.Contains(q);
        var caller = Caller.From(user);
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var account = await AccountAccess.ReadAsync(connection, caller, id, cancellationToken);
        var weights = await StakeholderStore.WeightsAsync(connection, null, cancellationToken);
        var styles = await StakeholderStore.StylesAsync(connection, null, cancellationToken);
        var parameters = new DynamicParameters(new { id, all = includeDeparted == true, pattern, afterName = after?.SortKey, afterId = after?.Id ?? Guid.Empty, take = take + 1 });
        // A protected contact's name never matches for a reader who may not see it (docs/product.md §8).
        var hidden = ProtectedContacts.HiddenSql(caller, parameters, "s", "a");
        var rows = (await connection.QueryAsync<Stakeholder>(new CommandDefinition(
            $"""
            SELECT {Stakeholder.Columns} FROM stakeholders s JOIN accounts a ON a.id = s.account_id
            WHERE s.account_id = @id AND (@all OR s.status = 'active')
              AND (@pattern::text IS NULL OR (s.name ILIKE @pattern AND NOT {hidden}))
              AND (@afterName::text IS NULL OR (s.name, s.id) > (@afterName, @afterId))
            ORDER BY s.name, s.id LIMIT @take
            """,
            parameters, cancellationToken: cancellationToken))).Select(s => s.WithCloseness(weights).WithTips(styles)).ToList();
        var page = Paging.ToPage(rows, take, s => KeysetCursor.Key(s.Name, s.Id));
        return TypedResults.Ok(new Page<object>(page.Items.Select(s => ProtectedContacts.Show(caller, account.OwnerId, s)).ToList(), page.NextCursor));
    }

    public static async Task<Ok<StakeholderDetail>> GetAsync(
        Guid id, Guid sid, ClaimsPrincipal user, HttpResponse response, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var account = await AccountAccess.ReadAsync(connection, caller, id, cancellationToken);
        var weights = await StakeholderStore.WeightsAsync(connection, null, cancellationToken);
        var stakeholder = (await StakeholderStore.OneAsync(connection, null, id, sid, weights, cancellationToken))
            .WithTips(await StakeholderStore.StylesAsync(connection, null, cancellationToken));
        var history = await StakeholderHistory.ReadAsync(connection, caller, account.OwnerId, stakeholder, cancellationToken);
        response.Headers.ETag = Concurrency.ETag(stakeholder.Version);
        return TypedResults.Ok(new StakeholderDetail(ProtectedContacts.Show(caller, account.OwnerId, stakeholder), history));
    }
}
