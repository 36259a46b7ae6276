using System.Security.Claims;
using Dapper;
using KaPlatform.Opportunities.Api.Shared;
using KaPlatform.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace KaPlatform.Opportunities.Api.Leads;

/// <summary>GET /api/leads/{id}: the lead with its follow-ups, oldest first.</summary>
public static class GetLead
{
    public static async Task<Ok<LeadResponse>> HandleAsync(Guid id, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var lead = Access.Found(await LeadStore.FindAsync(connection, null, Caller.From(user), id));
        lead.FollowUps = (await connection.QueryAsync<FollowUp>(
            "SELECT id, date, action, result, next_step, created_by, created_at FROM lead_follow_ups WHERE lead_id = @id ORDER BY date, created_at",
            new { id })).ToList();
        return TypedResults.Ok(lead);
    }
}
