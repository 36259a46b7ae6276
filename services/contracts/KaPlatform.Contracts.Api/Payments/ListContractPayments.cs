using System.Security.Claims;
using Dapper;
using KaPlatform.Contracts.Api.Contracts;
using KaPlatform.Messaging;
using KaPlatform.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace KaPlatform.Contracts.Api.Payments;

/// <summary>
/// GET /api/contracts/{id}/payments: the payments received on a contract with how each was applied to milestones,
/// newest first — what the Account 360 timeline and the contract page show. Visible when the contract is; else 404.
/// </summary>
public static class ListContractPayments
{
    public static async Task<Ok<IReadOnlyList<PaymentResponse>>> HandleAsync(Guid id, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        await using var work = await UnitOfWork.BeginAsync(db, cancellationToken);
        _ = await ContractAccess.FindAsync(work, Caller.From(user), id) ?? throw ContractAccess.NotFound();
        var payments = (await work.Connection.QueryAsync<PaymentResponse>(new CommandDefinition(
            $"""
            SELECT {PaymentResponse.Columns} FROM payments p JOIN contracts c ON c.id = p.contract_id
            WHERE p.contract_id = @id ORDER BY p.received_at DESC, p.id DESC
            """, new { id }, work.Transaction, cancellationToken: cancellationToken))).AsList();
        var applications = (await work.Connection.QueryAsync<(Guid PaymentId, Guid MilestoneId, decimal Amount)>(new CommandDefinition(
            "SELECT payment_id, milestone_id, amount FROM payment_applications WHERE payment_id = ANY(@ids) ORDER BY id",
            new { ids = payments.Select(p => p.Id).ToArray() }, work.Transaction, cancellationToken: cancellationToken)))
            .ToLookup(a => a.PaymentId, a => new PaymentApplicationResponse(a.MilestoneId, a.Amount));
        foreach (var payment in payments)
        {
            payment.Applications = applications[payment.Id].ToList();
        }

        return TypedResults.Ok<IReadOnlyList<PaymentResponse>>(payments);
    }
}
