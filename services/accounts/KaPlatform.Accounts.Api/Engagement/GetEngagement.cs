using System.Security.Claims;
using Dapper;
using KaPlatform.Accounts.Api.Shared;
using KaPlatform.Accounts.Api.Stakeholders;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.ServiceDefaults.Input;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace KaPlatform.Accounts.Api.Engagement;

/// <summary>
/// GET /api/accounts/{id}/engagement?days=180: per active stakeholder, influence share against effort share over the
/// last `days` days (docs/product.md §8). A protected contact is counted for everyone; a reader who may not see them gets the row
/// without name, title or department.
/// </summary>
public static class GetEngagement
{
    public const int DefaultDays = 180;
    public const int MaxDays = 3660;

    public sealed record Person(
        Guid Id, bool Confidential, string? Name, string? Title, string? Department, IReadOnlyList<string> BuyingRoles, string Stance,
        int Influence, int Interactions, DateTime? LastInteractionAt, decimal InfluenceShare, decimal EffortShare, string? Flag);

    public sealed record View(Guid AccountId, int Days, DateTime From, DateTime To, int InteractionsWithStakeholders, IReadOnlyList<Person> Stakeholders);

    private sealed record Effort(Guid StakeholderId, int Interactions, DateTime? LastAt);

    public static async Task<Ok<View>> HandleAsync(Guid id, int? days, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        var window = days ?? DefaultDays;
        var errors = new FieldErrors();
        errors.Range("days", window, 1, MaxDays);
        errors.ThrowIfAny();

        var caller = Caller.From(user);
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var account = await AccountAccess.ReadAsync(connection, caller, id, cancellationToken);
        var weights = await StakeholderStore.WeightsAsync(connection, null, cancellationToken);
        var people = await StakeholderStore.ActiveAsync(connection, null, id, weights, cancellationToken);
        var to = DateTime.UtcNow;
        var from = to.AddDays(-window);
        // unnest counts an interaction once per person in it, which is the effort definition of docs/product.md §8.
        var effort = (await connection.QueryAsync<Effort>(new CommandDefinition(
            """
            SELECT p.sid AS stakeholderid, count(*)::int AS interactions, max(i.occurred_at) AS lastat
            FROM interactions i CROSS JOIN LATERAL (SELECT DISTINCT unnest(i.stakeholder_ids) AS sid) p
            WHERE i.account_id = @id AND i.occurred_at > @from AND i.occurred_at <= @to AND p.sid = ANY(@ids)
            GROUP BY p.sid
            """, new { id, from, to, ids = people.Select(p => p.Id).ToArray() }, cancellationToken: cancellationToken)))
            .ToDictionary(e => e.StakeholderId);

        var rows = EngagementAnalysis.Analyse(people.Select(p => effort.TryGetValue(p.Id, out var e)
            ? new EngagementInput(p.Id, p.Influence, e.Interactions, e.LastAt)
            : new EngagementInput(p.Id, p.Influence, 0, null)).ToList());
        var byId = people.ToDictionary(p => p.Id);
        var result = rows.Select(r =>
        {
            var p = byId[r.StakeholderId];
            var open = ProtectedContacts.MaySee(caller, account.OwnerId, p);
            return new Person(p.Id, p.Confidential, open ? p.Name : null, open ? p.Title : null, open ? p.Department : null, p.BuyingRoles, p.Stance,
                r.Influence, r.Interactions, r.LastInteractionAt, r.InfluenceShare, r.EffortShare, r.Flag);
        }).OrderByDescending(r => r.Influence).ThenByDescending(r => r.Interactions).ThenBy(r => r.Id).ToList();
        return TypedResults.Ok(new View(id, window, from, to, rows.Sum(r => r.Interactions), result));
    }
}
