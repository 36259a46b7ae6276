using System.Security.Claims;
using Dapper;
using KaPlatform.Accounts.Api.Shared;
using KaPlatform.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace KaPlatform.Accounts.Api.Stakeholders;

/// <summary>
/// GET /api/accounts/{id}/stakeholders/{sid}/history: how stance, influence, behaviour style, preferences and interests
/// moved (docs/product.md §8), oldest first. Of a protected contact, a reader who may not see it gets stance and influence only:
/// the figures everyone sees on the map.
/// </summary>
public static class StakeholderHistory
{
    private static readonly string[] Figures = ["stance", "influence"];

    public static async Task<Ok<IReadOnlyList<StakeholderChange>>> HandleAsync(
        Guid id, Guid sid, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var account = await AccountAccess.ReadAsync(connection, caller, id, cancellationToken);
        var weights = await StakeholderStore.WeightsAsync(connection, null, cancellationToken);
        var stakeholder = await StakeholderStore.OneAsync(connection, null, id, sid, weights, cancellationToken);
        return TypedResults.Ok(await ReadAsync(connection, caller, account.OwnerId, stakeholder, cancellationToken));
    }

    internal static async Task<IReadOnlyList<StakeholderChange>> ReadAsync(
        NpgsqlConnection connection, Caller caller, Guid accountOwnerId, Stakeholder stakeholder, CancellationToken cancellationToken)
    {
        var fields = ProtectedContacts.MaySee(caller, accountOwnerId, stakeholder) ? null : Figures;
        return (await connection.QueryAsync<StakeholderChange>(new CommandDefinition(
            """
            SELECT field, old_value AS oldvalue, new_value AS newvalue, changed_by AS changedby, changed_at AS changedat
            FROM stakeholder_history WHERE stakeholder_id = @sid AND (@fields::text[] IS NULL OR field = ANY(@fields))
            ORDER BY changed_at, id
            """,
            new { sid = stakeholder.Id, fields }, cancellationToken: cancellationToken))).ToList();
    }
}
