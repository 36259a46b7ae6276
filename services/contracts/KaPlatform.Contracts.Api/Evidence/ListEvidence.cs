using System.Security.Claims;
using KaPlatform.Contracts.Api.Contracts;
using KaPlatform.Messaging;
using KaPlatform.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace KaPlatform.Contracts.Api.Evidence;

/// <summary>GET /api/contracts/{id}/evidence: the whole chain in the order it was recorded.</summary>
public static class ListEvidence
{
    public static async Task<Ok<IReadOnlyList<EvidenceResponse>>> HandleAsync(
        Guid id, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        await using var work = await UnitOfWork.BeginAsync(db, cancellationToken);
        _ = await ContractAccess.FindAsync(work, Caller.From(user), id) ?? throw ContractAccess.NotFound();
        return TypedResults.Ok(await EvidenceStore.ListAsync(work, id));
    }
}
