using System.Security.Claims;
using Dapper;
using KaPlatform.Contracts.Api.Contracts;
using KaPlatform.Messaging;
using KaPlatform.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace KaPlatform.Contracts.Api.Payments;

/// <summary>GET /api/payments/{id}: visible when its contract is.</summary>
public static class GetPayment
{
    public static async Task<Ok<PaymentResponse>> HandleAsync(Guid id, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        await using var work = await UnitOfWork.BeginAsync(db, cancellationToken);
        var reference = await work.Connection.QuerySingleOrDefaultAsync<(Guid ContractId, string? ExternalRef)>(
            "SELECT contract_id, external_ref FROM payments WHERE id = @id", new { id }, work.Transaction);
        if (reference.ExternalRef is null || await ContractAccess.FindAsync(work, Caller.From(user), reference.ContractId) is null)
        {
            throw ContractAccess.NotFound("payment");
        }

        return TypedResults.Ok((await PaymentLedger.FindAsync(work, reference.ExternalRef))!);
    }
}
