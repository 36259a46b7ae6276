using System.Security.Claims;
using Dapper;
using KaPlatform.Accounts.Api.Shared;
using KaPlatform.Messaging;
using KaPlatform.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace KaPlatform.Accounts.Api.InfluenceLinks;

/// <summary>DELETE /api/accounts/{id}/influence-links/{linkId}: the tie is gone (the audit trail keeps what it was).</summary>
public static class RemoveInfluenceLink
{
    public static async Task<NoContent> HandleAsync(Guid id, Guid linkId, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        await using var work = await UnitOfWork.BeginAsync(db, cancellationToken);
        await AccountAccess.LockForWriteAsync(work, caller, id, cancellationToken);
        var removed = await work.Connection.QuerySingleOrDefaultAsync<InfluenceLink>(new CommandDefinition(
            $"DELETE FROM influence_links l WHERE l.id = @linkId AND l.account_id = @id RETURNING {InfluenceLink.Columns}",
            new { id, linkId }, work.Transaction, cancellationToken: cancellationToken)) ?? throw Missing.Of("influence link");
        await work.AuditAsync(caller, "influence_link", linkId, "removed", removed, cancellationToken);
        await work.CommitAsync(cancellationToken);
        return TypedResults.NoContent();
    }
}
