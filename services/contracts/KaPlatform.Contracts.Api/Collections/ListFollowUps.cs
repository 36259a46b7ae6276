using System.Security.Claims;
using Dapper;
using KaPlatform.Contracts.Api.Contracts;
using KaPlatform.Messaging;
using KaPlatform.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace KaPlatform.Contracts.Api.Collections;

/// <summary>GET /api/contracts/{id}/milestones/{mid}/follow-ups: the tracking sheet of one milestone, newest first.</summary>
public static class ListFollowUps
{
    public static async Task<Ok<IReadOnlyList<FollowUpResponse>>> HandleAsync(
        Guid id, Guid mid, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        await using var work = await UnitOfWork.BeginAsync(db, cancellationToken);
        _ = await ContractAccess.FindAsync(work, Caller.From(user), id) ?? throw ContractAccess.NotFound();
        var rows = (await work.Connection.QueryAsync<FollowUpResponse>(
            $"SELECT {FollowUpResponse.Columns} FROM follow_ups WHERE contract_id = @id AND milestone_id = @mid ORDER BY date DESC, id DESC",
            new { id, mid }, work.Transaction)).AsList();
        return TypedResults.Ok<IReadOnlyList<FollowUpResponse>>(rows);
    }
}
